/*
 * How the VT-d unit translates one page of a DMA request (legacy mode,
 * chapter "DMA Remapping" of the VT-d specification).  With translation
 * off the request passes untranslated.  Otherwise the source ID picks a
 * root entry (bus) and a context entry (devfn), kept in the context cache
 * once found present; the context passes the request through, or names a
 * domain ID and second-level tables, whose leaves the IOTLB keeps.  A
 * request that finds no way through records a fault and is aborted.
 */
#include <stdio.h>
#include <string.h>

#include <sim/device.h>
#include <sim/errno.h>
#include <sim/mem.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>

#include "vtd-model.h"

#define AGAW_BASE_WIDTH		30	/* AW 1 is 39 bits, 2 is 48 */
#define AGAW_STRIDE		9

/*
 * The context entry of @sid in *@lo, *@hi, as the tables in memory have
 * it.  Returns 0 or the fault reason.
 */
static u8 vtd_context_read(struct vtd_hw *v, u16 sid, u64 *lo, u64 *hi)
{
	struct sim_mem *mem = v->hw->sim->mem;
	phys_addr_t re_pa, ce_pa;
	unsigned int tt, aw;
	u64 re;

	re_pa = (v->root & VTD_F_RTADDR_MASK) + (sid >> 8) * VTD_ENTRY_SIZE;
	re = sim_mem_read64(mem, re_pa);
	if (!(re & VTD_F_ROOT_P))
		return VTD_FR_ROOT_NOT_PRESENT;
	ce_pa = (re & VTD_F_ROOT_CTP) + (sid & 0xff) * VTD_ENTRY_SIZE;
	*lo = sim_mem_read64(mem, ce_pa);
	*hi = sim_mem_read64(mem, ce_pa + 8);
	if (!(*lo & VTD_F_CTX_P))
		return VTD_FR_CTX_NOT_PRESENT;
	tt = (*lo >> VTD_F_CTX_TT_SHIFT) & VTD_F_CTX_TT_MASK;
	aw = *hi & VTD_F_CTX_AW;
	if (tt == VTD_CTX_TT_PASS_THROUGH ? !(v->ecap & VTD_F_ECAP_PT) :
	    tt != VTD_CTX_TT_MULTI_LEVEL || !(v->cap & BIT_ULL(8 + aw)))
		return VTD_FR_CTX_INVALID;
	return 0;
}

static void walk_perms(const struct sim_pgtable_walk *walk, bool *read, bool *write);

/* The context entry of @sid, from the context cache or the tables. */
static u8 vtd_context(struct vtd_hw *v, u16 sid, u64 *lo, u64 *hi)
{
	u8 reason;

	if (vtd_cc_lookup(&v->cc, sid, lo, hi))
		return 0;
	reason = vtd_context_read(v, sid, lo, hi);
	if (!reason)
		vtd_cc_insert(&v->cc, sid, *lo, *hi);
	return reason;
}

void vtd_context_path(u64 lo, u64 hi, struct sim_hw_path *path)
{
	*path = (struct sim_hw_path){ .tag = (u16)(hi >> VTD_F_CTX_DID_SHIFT) };
	if (((lo >> VTD_F_CTX_TT_SHIFT) & VTD_F_CTX_TT_MASK) == VTD_CTX_TT_PASS_THROUGH) {
		path->kind = SIM_PATH_BYPASS;
		snprintf(path->why, sizeof(path->why), "the context entry passes through");
		return;
	}
	path->kind = SIM_PATH_TABLE;
	path->table = lo & VTD_F_CTX_SLPTPTR;
	path->levels = (hi & VTD_F_CTX_AW) + 2;
}

static const char *const vtd_context_fault_names[] = {
	[VTD_FR_ROOT_NOT_PRESENT] = "root entry not present",
	[VTD_FR_CTX_NOT_PRESENT] = "context entry not present",
	[VTD_FR_CTX_INVALID] = "context entry invalid",
};

void vtd_memory_path(struct vtd_hw *v, u16 sid, struct sim_hw_path *path)
{
	u64 lo, hi;
	u8 reason;

	reason = vtd_context_read(v, sid, &lo, &hi);
	if (reason) {
		*path = (struct sim_hw_path){ .kind = SIM_PATH_BLOCKED };
		snprintf(path->why, sizeof(path->why), "%s for %02x:%02x.%x",
			 vtd_context_fault_names[reason], sid >> 8, (sid >> 3) & 0x1f,
			 sid & 7);
		return;
	}
	vtd_context_path(lo, hi, path);
}

int vtd_peek_path(struct sim_hw *hw, const struct of_phandle_args *spec,
		  struct sim_hw_path *path)
{
	struct vtd_hw *v = hw->priv;

	/* With translation off, every device takes the same path. */
	if (!(v->gsts & VTD_F_GSTS_TES)) {
		*path = (struct sim_hw_path){ .kind = SIM_PATH_BYPASS };
		snprintf(path->why, sizeof(path->why), "GSTS.TES is clear");
		return 0;
	}
	if (!spec || spec->args_count != 1)
		return -EINVAL;
	vtd_memory_path(v, spec->args[0], path);
	return 0;
}

void vtd_walk(struct sim_hw *hw, const struct sim_hw_path *path, u64 iova,
	      struct sim_pgtable_walk *walk, int *perm)
{
	struct vtd_hw *v = hw->priv;
	bool read, write;

	vtd_sl_walk(hw->sim->mem, path->table, path->levels, v->width,
		    v->ecap & VTD_F_ECAP_SC, iova, walk);
	walk_perms(walk, &read, &write);
	*perm = walk->mapped ? (read ? SIM_HW_PERM_READ : 0) |
			       (write ? SIM_HW_PERM_WRITE : 0) : 0;
}

/* What a walk's levels allow between them. */
static void walk_perms(const struct sim_pgtable_walk *walk, bool *read, bool *write)
{
	*read = *write = true;
	for (unsigned int i = 0; i < walk->nr_steps; i++) {
		*read = *read && (walk->step[i].desc & VTD_F_SL_R);
		*write = *write && (walk->step[i].desc & VTD_F_SL_W);
	}
}

static u8 access_reason(bool write)
{
	return write ? VTD_FR_WRITE : VTD_FR_READ;
}

/* Second-level translation of @addr in domain @did, or a fault reason. */
static u8 vtd_translate_sl(struct vtd_hw *v, const struct sim_dma_req *req, u16 did,
			   u64 lo, unsigned int aw, struct sim_dma_xlate *out)
{
	struct sim *sim = v->hw->sim;
	const struct vtd_iotlb_entry *e;
	struct sim_pgtable_walk walk;
	u64 addr = req->addr;
	bool read, write;

	e = vtd_iotlb_lookup(&v->iotlb, did, addr);
	if (e) {
		if (!(req->write ? e->write : e->read))
			return access_reason(req->write);
		v->iotlb.stats.hits++;
		out->kind = SIM_XLATE_TLB_HIT;
		out->pa = e->pa + (addr - e->iova);
		out->len = e->iova + e->size - addr;
		out->page_size = e->size;
		trace_vtd_tlb_hit(sim, dev_name(req->master), addr, out->pa);
		return 0;
	}

	v->iotlb.stats.misses++;
	vtd_sl_walk(sim->mem, lo & VTD_F_CTX_SLPTPTR, aw + 2, v->width,
		    v->ecap & VTD_F_ECAP_SC, addr, &walk);
	if (!walk.mapped) {
		const char *end = walk.step[walk.nr_steps - 1].type;

		return strcmp(end, "reserved") ? access_reason(req->write) : VTD_FR_PTE_RESERVED;
	}
	walk_perms(&walk, &read, &write);
	if (!(req->write ? write : read))
		return access_reason(req->write);
	vtd_iotlb_insert(&v->iotlb, did, addr, walk.block_size, walk.pa, read, write);
	out->kind = SIM_XLATE_TLB_MISS;
	out->pa = walk.pa;
	out->len = walk.block_size - (addr & (walk.block_size - 1));
	out->page_size = walk.block_size;
	trace_vtd_tlb_miss(sim, dev_name(req->master), addr, out->pa);
	return 0;
}

int vtd_translate(struct sim_hw *hw, const struct sim_dma_req *req,
		  struct sim_dma_xlate *out)
{
	struct vtd_hw *v = hw->priv;
	struct sim *sim = hw->sim;
	unsigned int aw, width;
	u64 lo, hi;
	u16 sid;
	u8 reason;

	out->len = SZ_4K - (req->addr & (SZ_4K - 1));
	out->page_size = 0;
	out->kind = SIM_XLATE_ABORT;
	/*
	 * What QEMU's q35 gives a device whose read its intel-iommu refuses:
	 * address_space_translate_iommu() sends the access to the unassigned
	 * region, whose reads return 0.  kernel-lab's edu reads zeros there.
	 */
	out->fill = 0;
	if (req->spec->args_count != 1) {
		sim_guest_error(sim, hw->name, "%s: request with %d specifier cells, not a source ID",
				dev_name(req->master), req->spec->args_count);
		return 0;
	}
	sid = req->spec->args[0];
	if (!(v->gsts & VTD_F_GSTS_TES)) {
		out->kind = SIM_XLATE_BYPASS;
		out->pa = req->addr;
		return 0;
	}

	reason = vtd_context(v, sid, &lo, &hi);
	if (reason)
		goto fault;
	if (((lo >> VTD_F_CTX_TT_SHIFT) & VTD_F_CTX_TT_MASK) == VTD_CTX_TT_PASS_THROUGH) {
		out->kind = SIM_XLATE_BYPASS;
		out->pa = req->addr;
		return 0;
	}
	aw = hi & VTD_F_CTX_AW;
	width = AGAW_BASE_WIDTH + AGAW_STRIDE * aw;
	if (width > v->width)
		width = v->width;
	if (req->addr >> width) {
		reason = VTD_FR_BEYOND_MGAW;
		goto fault;
	}
	reason = vtd_translate_sl(v, req, hi >> VTD_F_CTX_DID_SHIFT, lo, aw, out);
	if (!reason)
		return 0;

fault:
	trace_vtd_fault(sim, dev_name(req->master), hw->name, sid, req->addr, reason, req->write);
	out->kind = SIM_XLATE_ABORT;
	out->len = SZ_4K - (req->addr & (SZ_4K - 1));
	out->page_size = 0;
	vtd_fault(v, sid, req->addr, req->write, reason);
	return 0;
}
