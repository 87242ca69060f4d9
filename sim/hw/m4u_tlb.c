/*
 * The M4U's TLB: what the walker found, kept until an invalidate removes
 * it.  Nothing else removes an entry, so a mapping changed in memory but
 * not invalidated here keeps translating the old way.  Part of the
 * model's core (sim/m4u-core.h): its entries are the host's.
 */
#include <linux/kernel.h>
#include <linux/types.h>

#include <sim/m4u-core.h>

void m4u_tlb_init(struct m4u_tlb *tlb, struct m4u_tlb_entry *entry, unsigned int size)
{
	tlb->entry = entry;
	tlb->size = size;
	tlb->clock = 0;
	tlb->stats = (struct m4u_tlb_stats){ 0 };
}

const struct m4u_tlb_entry *m4u_tlb_lookup(struct m4u_tlb *tlb, u32 va)
{
	for (unsigned int i = 0; i < tlb->size; i++) {
		struct m4u_tlb_entry *e = &tlb->entry[i];

		if (e->valid && va - e->va < e->size) {
			e->last_use = ++tlb->clock;
			return e;
		}
	}
	return NULL;
}

void m4u_tlb_insert(struct m4u_tlb *tlb, u32 va, u32 size, u64 pa)
{
	struct m4u_tlb_entry *victim = &tlb->entry[0];

	for (unsigned int i = 0; i < tlb->size; i++) {
		struct m4u_tlb_entry *e = &tlb->entry[i];

		if (!e->valid) {
			victim = e;
			break;
		}
		if (e->last_use < victim->last_use)
			victim = e;
	}
	victim->valid = true;
	victim->va = va & ~(size - 1);
	victim->size = size;
	victim->pa = pa & ~(u64)(size - 1);
	victim->last_use = ++tlb->clock;
}

void m4u_tlb_invalidate_range(struct m4u_tlb *tlb, u32 start, u32 end)
{
	tlb->stats.flush_range++;
	for (unsigned int i = 0; i < tlb->size; i++) {
		struct m4u_tlb_entry *e = &tlb->entry[i];

		if (e->valid && e->va <= end && start <= e->va + (e->size - 1)) {
			e->valid = false;
			tlb->stats.entries_dropped++;
		}
	}
}

void m4u_tlb_invalidate_all(struct m4u_tlb *tlb)
{
	tlb->stats.flush_all++;
	for (unsigned int i = 0; i < tlb->size; i++) {
		if (tlb->entry[i].valid)
			tlb->stats.entries_dropped++;
		tlb->entry[i].valid = false;
	}
}
