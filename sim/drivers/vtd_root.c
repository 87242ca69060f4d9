/*
 * The unit's root table and context entries in simulated memory, and the
 * global commands that hand them to the hardware: 6.1's
 * iommu_alloc_root_entry(), iommu_context_addr(),
 * domain_context_mapping_one() and domain_context_clear_one() in legacy
 * mode, iommu_set_root_entry(), iommu_enable_translation() and
 * iommu_disable_translation().  The entry layout is drawn in vtd.h.
 *
 * The units the simulator models do not cache non-present context
 * entries (CAP.CM clear), so making an entry present needs no
 * invalidation; making one non-present needs the context cache and the
 * old domain's IOTLB entries invalidated, as does replacing an entry a
 * crashed kernel left.
 */
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/mm.h>

#include "vtd.h"

static int table_alloc(struct vtd_iommu *vtd, phys_addr_t *pa)
{
	return vtd_table_alloc(pa);
}

int vtd_root_alloc(struct vtd_iommu *vtd)
{
	return table_alloc(vtd, &vtd->root_entry);
}

void vtd_root_free(struct vtd_iommu *vtd)
{
	for (unsigned int bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		u64 re = vtd_read64(vtd->root_entry + bus * VTD_ENTRY_LEN);

		if (re & VTD_RE_PRESENT)
			vtd_table_free(re & VTD_ENTRY_ADDR_MASK);
	}
	vtd_table_free(vtd->root_entry);
}

int vtd_context_addr(struct vtd_iommu *vtd, u8 bus, u8 devfn, bool alloc,
		     phys_addr_t *ce)
{
	phys_addr_t re_pa = vtd->root_entry + bus * VTD_ENTRY_LEN, table;
	u64 re = vtd_read64(re_pa);
	int ret;

	if (re & VTD_RE_PRESENT) {
		table = re & VTD_ENTRY_ADDR_MASK;
	} else {
		if (!alloc)
			return -ENOENT;
		ret = table_alloc(vtd, &table);
		if (ret)
			return ret;
		vtd_write64(re_pa, table | VTD_RE_PRESENT);
	}
	*ce = table + devfn * VTD_ENTRY_LEN;
	return 0;
}

static u16 info_sid(const struct vtd_dev_info *info)
{
	return info->bus << 8 | info->devfn;
}

static u16 context_did(struct vtd_iommu *vtd, phys_addr_t ce)
{
	return (vtd_read64(ce + 8) >> VTD_CE_DID_SHIFT) & VTD_CE_DID_MASK;
}

/* Drops what the unit may cache of the entry at @ce, domain @did. */
static void context_invalidate(struct vtd_dev_info *info, u16 did)
{
	vtd_flush_context(info->iommu, did, info_sid(info), DMA_CCMD_DEVICE_INVL);
	vtd_flush_iotlb(info->iommu, did, 0, 0, DMA_TLB_DSI_FLUSH);
}

int vtd_context_map(struct vtd_dev_info *info, u16 did, unsigned int tt,
		    phys_addr_t pgd, unsigned int levels)
{
	struct vtd_iommu *vtd = info->iommu;
	phys_addr_t ce;
	u64 lo, hi;
	int ret;

	ret = vtd_context_addr(vtd, info->bus, info->devfn, true, &ce);
	if (ret)
		return ret;
	if (vtd_read64(ce) & VTD_CE_PRESENT) {
		if (info->context != VTD_CTX_COPIED)
			return 0;
		context_invalidate(info, context_did(vtd, ce));
	}

	hi = (u64)did << VTD_CE_DID_SHIFT;
	lo = (u64)tt << VTD_CE_TT_SHIFT | VTD_CE_PRESENT;
	if (tt == CONTEXT_TT_PASS_THROUGH) {
		/* The address width is the unit's widest; no table. */
		hi |= vtd->agaw;
	} else {
		hi |= levels - 2;
		lo |= pgd;
	}
	/* Present goes in last. */
	vtd_write64(ce + 8, hi);
	vtd_write64(ce, lo);
	return 0;
}

void vtd_context_clear(struct vtd_dev_info *info)
{
	struct vtd_iommu *vtd = info->iommu;
	phys_addr_t ce;
	u64 lo;

	if (vtd_context_addr(vtd, info->bus, info->devfn, false, &ce))
		return;
	lo = vtd_read64(ce);
	if (!(lo & VTD_CE_PRESENT))
		return;
	vtd_write64(ce, lo & ~VTD_CE_PRESENT);
	context_invalidate(info, context_did(vtd, ce));
	vtd_write64(ce, 0);
	vtd_write64(ce + 8, 0);
}

/* Polls GSTS until (@bit set) == @set; 6.1's IOMMU_WAIT_OP(). */
static void vtd_wait_status(struct vtd_iommu *vtd, u32 bit, bool set)
{
	for (unsigned int i = 0; i < VTD_WAIT_READS; i++)
		if (!(readl(vtd->reg + DMAR_GSTS_REG) & bit) == !set)
			return;
	vtd_pr(vtd, "DMAR hardware is malfunctioning");
}

void vtd_set_root_entry(struct vtd_iommu *vtd)
{
	writeq(vtd->root_entry, vtd->reg + DMAR_RTADDR_REG);
	writel(vtd->gcmd | DMA_GCMD_SRTP, vtd->reg + DMAR_GCMD_REG);
	vtd_wait_status(vtd, DMA_GSTS_RTPS, true);
	vtd_flush_context(vtd, 0, 0, DMA_CCMD_GLOBAL_INVL);
	vtd_flush_iotlb(vtd, 0, 0, 0, DMA_TLB_GLOBAL_FLUSH);
}

void vtd_enable_translation(struct vtd_iommu *vtd)
{
	vtd->gcmd |= DMA_GCMD_TE;
	writel(vtd->gcmd, vtd->reg + DMAR_GCMD_REG);
	vtd_wait_status(vtd, DMA_GSTS_TES, true);
}

void vtd_disable_translation(struct vtd_iommu *vtd)
{
	vtd->gcmd &= ~DMA_GCMD_TE;
	writel(vtd->gcmd, vtd->reg + DMAR_GCMD_REG);
	vtd_wait_status(vtd, DMA_GSTS_TES, false);
}
