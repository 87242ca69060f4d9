/*
 * The VT-d model's private parts, shared by its register file (vtd.c),
 * its translation path (vtd_translate.c) and its caches (vtd_cache.c).
 */
#ifndef SIM_HW_VTD_MODEL_H
#define SIM_HW_VTD_MODEL_H

#include <sim/io.h>
#include <sim/vtd-hw.h>

#define VTD_IOTLB_ENTRIES	32
#define VTD_CC_ENTRIES		8

/* A fully associative IOTLB, tagged by domain ID, least recently used out. */
struct vtd_iotlb {
	struct vtd_iotlb_entry entry[VTD_IOTLB_ENTRIES];
	u64 clock;
	struct vtd_iotlb_stats stats;
};

/* The context cache: present context entries by source ID. */
struct vtd_cc_entry {
	bool valid;
	u16 sid;
	u64 lo, hi;
	u64 last_use;
};

struct vtd_context_cache {
	struct vtd_cc_entry entry[VTD_CC_ENTRIES];
	u64 clock;
};

struct vtd_frcd {
	u64 lo, hi;
};

struct vtd_hw {
	struct sim_hw *hw;
	struct sim_mmio_region mmio;
	int irq;			/* -1 without "interrupts" */
	bool irq_level;
	unsigned int width;		/* MGAW and the widest SAGAW: 39 or 48 */

	u64 cap, ecap;
	u32 gcmd;			/* as last written */
	u32 gsts;
	u64 rtaddr;			/* as written */
	u64 root;			/* latched by SRTP */
	u64 ccmd, iva, iotlb_reg;
	u32 fsts, fectl;
	struct vtd_frcd frcd[VTD_NR_FRCD];
	unsigned int next_frcd;

	/* A crashed kernel's tables a pre-enabled unit starts with. */
	phys_addr_t old_root, old_context;
	bool has_old_tables;

	struct vtd_iotlb iotlb;
	struct vtd_context_cache cc;
	struct vtd_fault_stats fault_stats;
};

/* vtd.c: a translation fault from @sid at @addr; records it and signals. */
void vtd_fault(struct vtd_hw *v, u16 sid, u64 addr, bool write, u8 reason);

/* vtd_translate.c */
int vtd_translate(struct sim_hw *hw, const struct sim_dma_req *req,
		  struct sim_dma_xlate *out);
/* The path a present, valid context entry (@lo, @hi) gives its device. */
void vtd_context_path(u64 lo, u64 hi, struct sim_hw_path *path);
/* The path @sid's context entry in memory gives, translation on or off. */
void vtd_memory_path(struct vtd_hw *v, u16 sid, struct sim_hw_path *path);
int vtd_peek_path(struct sim_hw *hw, const struct of_phandle_args *spec,
		  struct sim_hw_path *path);
void vtd_walk(struct sim_hw *hw, const struct sim_hw_path *path, u64 iova,
	      struct sim_pgtable_walk *walk, int *perm);

/* vtd_cache.c: the IOTLB */
/* The valid entry of domain @did mapping @iova, marked used; NULL on a miss. */
const struct vtd_iotlb_entry *vtd_iotlb_lookup(struct vtd_iotlb *tlb, u16 did, u64 iova);
/* Caches a walk's leaf, replacing an empty or the least recently used entry. */
void vtd_iotlb_insert(struct vtd_iotlb *tlb, u16 did, u64 iova, u64 size, u64 pa,
		      bool read, bool write);
void vtd_iotlb_inv_global(struct vtd_iotlb *tlb);
void vtd_iotlb_inv_domain(struct vtd_iotlb *tlb, u16 did);
/* Drops @did's entries overlapping the 2^@am pages from @addr (aligned). */
void vtd_iotlb_inv_page(struct vtd_iotlb *tlb, u16 did, u64 addr, unsigned int am);

/* vtd_cache.c: the context cache */
/* The cached context entry of @sid, marked used; false on a miss. */
bool vtd_cc_lookup(struct vtd_context_cache *cc, u16 sid, u64 *lo, u64 *hi);
void vtd_cc_insert(struct vtd_context_cache *cc, u16 sid, u64 lo, u64 hi);
/*
 * Drops cached entries: all of them (global), those of domain @did, or
 * those whose source ID matches @sid outside the function bits @fm masks
 * (the domain ID a device-selective request carries is not checked, as in
 * QEMU).
 */
void vtd_cc_inv_global(struct vtd_context_cache *cc);
void vtd_cc_inv_domain(struct vtd_context_cache *cc, u16 did);
void vtd_cc_inv_device(struct vtd_context_cache *cc, u16 sid, unsigned int fm);

/* vtd_cache.c: what the checker reads of both caches */
int vtd_peek_tlb(struct sim_hw *hw, unsigned int i, struct sim_hw_tlb_entry *e);
int vtd_peek_cached_path(struct sim_hw *hw, unsigned int i, u32 *id,
			 struct sim_hw_path *cached, struct sim_hw_path *now);

#endif
