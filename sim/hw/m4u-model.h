/*
 * The M4U model's private parts, shared by its register file (m4u.c) and
 * its TLB (m4u_tlb.c).
 */
#ifndef SIM_HW_M4U_MODEL_H
#define SIM_HW_M4U_MODEL_H

#include <sim/m4u.h>

/* A fully associative TLB with least-recently-used replacement. */
struct m4u_tlb {
	struct m4u_tlb_entry *entry;
	unsigned int size;
	u64 clock;			/* use stamps */
	struct m4u_tlb_stats stats;
};

/* An empty TLB of @size entries (at least 1).  Returns 0 or -ENOMEM. */
int m4u_tlb_init(struct m4u_tlb *tlb, unsigned int size);
void m4u_tlb_release(struct m4u_tlb *tlb);
/* The valid entry that maps @va, marked used; NULL on a miss. */
const struct m4u_tlb_entry *m4u_tlb_lookup(struct m4u_tlb *tlb, u32 va);
/* Caches a walk's result, replacing an empty or the least recently used entry. */
void m4u_tlb_insert(struct m4u_tlb *tlb, u32 va, u32 size, u64 pa);
/* Drops the entries that map any IOVA in [@start, @end]. */
void m4u_tlb_invalidate_range(struct m4u_tlb *tlb, u32 start, u32 end);
void m4u_tlb_invalidate_all(struct m4u_tlb *tlb);

#endif
