/*
 * The VT-d unit's caches: the IOTLB (second-level leaves, tagged by domain
 * ID) and the context cache (present context entries, by source ID).
 * Only the invalidation commands remove entries, so a table changed in
 * memory but not invalidated here keeps translating the old way.
 */
#include <stdio.h>

#include <sim/errno.h>

#include "vtd-model.h"

#define PAGE_SHIFT	12

static void iotlb_drop(struct vtd_iotlb *tlb, struct vtd_iotlb_entry *e)
{
	if (!e->valid)
		return;
	e->valid = false;
	tlb->stats.entries_dropped++;
}

const struct vtd_iotlb_entry *vtd_iotlb_lookup(struct vtd_iotlb *tlb, u16 did, u64 iova)
{
	for (unsigned int i = 0; i < VTD_IOTLB_ENTRIES; i++) {
		struct vtd_iotlb_entry *e = &tlb->entry[i];

		if (e->valid && e->did == did && iova - e->iova < e->size) {
			e->last_use = ++tlb->clock;
			return e;
		}
	}
	return NULL;
}

void vtd_iotlb_insert(struct vtd_iotlb *tlb, u16 did, u64 iova, u64 size, u64 pa,
		      bool read, bool write)
{
	struct vtd_iotlb_entry *victim = &tlb->entry[0];

	for (unsigned int i = 0; i < VTD_IOTLB_ENTRIES; i++) {
		struct vtd_iotlb_entry *e = &tlb->entry[i];

		if (!e->valid) {
			victim = e;
			break;
		}
		if (e->last_use < victim->last_use)
			victim = e;
	}
	*victim = (struct vtd_iotlb_entry) {
		.valid = true, .did = did,
		.iova = iova & ~(size - 1), .size = size,
		.pa = pa & ~(size - 1),
		.read = read, .write = write,
		.last_use = ++tlb->clock,
	};
}

void vtd_iotlb_inv_global(struct vtd_iotlb *tlb)
{
	tlb->stats.inv_global++;
	for (unsigned int i = 0; i < VTD_IOTLB_ENTRIES; i++)
		iotlb_drop(tlb, &tlb->entry[i]);
}

void vtd_iotlb_inv_domain(struct vtd_iotlb *tlb, u16 did)
{
	tlb->stats.inv_domain++;
	for (unsigned int i = 0; i < VTD_IOTLB_ENTRIES; i++)
		if (tlb->entry[i].did == did)
			iotlb_drop(tlb, &tlb->entry[i]);
}

void vtd_iotlb_inv_page(struct vtd_iotlb *tlb, u16 did, u64 addr, unsigned int am)
{
	u64 size = 1ULL << (PAGE_SHIFT + am);
	u64 start = addr & ~(size - 1), last = start + size - 1;

	tlb->stats.inv_page++;
	for (unsigned int i = 0; i < VTD_IOTLB_ENTRIES; i++) {
		struct vtd_iotlb_entry *e = &tlb->entry[i];

		if (e->did == did && e->iova <= last && start <= e->iova + (e->size - 1))
			iotlb_drop(tlb, e);
	}
}

bool vtd_cc_lookup(struct vtd_context_cache *cc, u16 sid, u64 *lo, u64 *hi)
{
	for (unsigned int i = 0; i < VTD_CC_ENTRIES; i++) {
		struct vtd_cc_entry *e = &cc->entry[i];

		if (e->valid && e->sid == sid) {
			e->last_use = ++cc->clock;
			*lo = e->lo;
			*hi = e->hi;
			return true;
		}
	}
	return false;
}

void vtd_cc_insert(struct vtd_context_cache *cc, u16 sid, u64 lo, u64 hi)
{
	struct vtd_cc_entry *victim = &cc->entry[0];

	for (unsigned int i = 0; i < VTD_CC_ENTRIES; i++) {
		struct vtd_cc_entry *e = &cc->entry[i];

		if (!e->valid) {
			victim = e;
			break;
		}
		if (e->last_use < victim->last_use)
			victim = e;
	}
	*victim = (struct vtd_cc_entry) {
		.valid = true, .sid = sid, .lo = lo, .hi = hi,
		.last_use = ++cc->clock,
	};
}

void vtd_cc_inv_global(struct vtd_context_cache *cc)
{
	for (unsigned int i = 0; i < VTD_CC_ENTRIES; i++)
		cc->entry[i].valid = false;
}

void vtd_cc_inv_domain(struct vtd_context_cache *cc, u16 did)
{
	for (unsigned int i = 0; i < VTD_CC_ENTRIES; i++) {
		struct vtd_cc_entry *e = &cc->entry[i];

		if ((u16)(e->hi >> VTD_F_CTX_DID_SHIFT) == did)
			e->valid = false;
	}
}

void vtd_cc_inv_device(struct vtd_context_cache *cc, u16 sid, unsigned int fm)
{
	/* FM 1, 2, 3 leave out the top 1, 2 or 3 bits of the function number. */
	u16 mask = ~((0x7u << (3 - fm)) & 0x7u);

	for (unsigned int i = 0; i < VTD_CC_ENTRIES; i++) {
		struct vtd_cc_entry *e = &cc->entry[i];

		if ((e->sid & mask) == (sid & mask))
			e->valid = false;
	}
}

int vtd_peek_tlb(struct sim_hw *hw, unsigned int i, struct sim_hw_tlb_entry *e)
{
	struct vtd_hw *v = hw->priv;
	const struct vtd_iotlb_entry *t;
	unsigned int am = 0;

	if (i >= VTD_IOTLB_ENTRIES)
		return -ENOENT;
	t = &v->iotlb.entry[i];
	if (!t->valid)
		return 0;
	while ((1ULL << (PAGE_SHIFT + am)) < t->size)
		am++;
	*e = (struct sim_hw_tlb_entry){
		.iova = t->iova, .size = t->size, .pa = t->pa,
		.tagged = true, .tag = t->did,
		.perm = (t->read ? SIM_HW_PERM_READ : 0) | (t->write ? SIM_HW_PERM_WRITE : 0),
	};
	snprintf(e->flush, sizeof(e->flush),
		 "a page-selective IOTLB invalidation of domain ID %u at 0x%llx, AM %u",
		 t->did, (unsigned long long)t->iova, am);
	return 1;
}

int vtd_peek_cached_path(struct sim_hw *hw, unsigned int i, u32 *id,
			 struct sim_hw_path *cached, struct sim_hw_path *now)
{
	struct vtd_hw *v = hw->priv;
	const struct vtd_cc_entry *e;

	if (i >= VTD_CC_ENTRIES)
		return -ENOENT;
	e = &v->cc.entry[i];
	if (!e->valid)
		return 0;
	*id = e->sid;
	vtd_context_path(e->lo, e->hi, cached);
	vtd_memory_path(v, e->sid, now);
	return 1;
}
