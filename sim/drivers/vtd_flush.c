/*
 * Register-based invalidation of a unit's context cache and IOTLB (6.1's
 * __iommu_flush_context() and __iommu_flush_iotlb(), the path 6.1 takes
 * for a unit without queued invalidation, "Using Register based
 * invalidation"): write the command with its go bit, then poll until the
 * unit clears it.
 */
#include <linux/errno.h>
#include <linux/io.h>

#include "vtd.h"

/* Polls the 64-bit register at @reg until @bit clears; its last value in *@val. */
static int vtd_wait_clear(struct vtd_iommu *vtd, unsigned int reg, u64 bit, u64 *val)
{
	for (unsigned int i = 0; i < VTD_WAIT_READS; i++) {
		*val = readq(vtd->reg + reg);
		if (!(*val & bit))
			return 0;
	}
	/* 6.1 panics here. */
	vtd_pr(vtd, "DMAR hardware is malfunctioning");
	return -ETIMEDOUT;
}

void vtd_flush_context(struct vtd_iommu *vtd, u16 did, u16 sid, u64 type)
{
	u64 val = DMA_CCMD_ICC | type;

	/* Function mask 0: exactly @sid. */
	if (type == DMA_CCMD_DEVICE_INVL)
		val |= DMA_CCMD_SID(sid) | DMA_CCMD_DID(did);
	writeq(val, vtd->reg + DMAR_CCMD_REG);
	vtd_wait_clear(vtd, DMAR_CCMD_REG, DMA_CCMD_ICC, &val);
}

void vtd_flush_iotlb(struct vtd_iommu *vtd, u16 did, u64 addr, unsigned int am,
		     u64 type)
{
	unsigned int iva = ecap_iotlb_offset(vtd->ecap), tlb = iva + 8;
	u64 val = DMA_TLB_IVT | type;

	if (type != DMA_TLB_GLOBAL_FLUSH)
		val |= DMA_TLB_DID(did);
	if (cap_read_drain(vtd->cap))
		val |= DMA_TLB_READ_DRAIN;
	if (cap_write_drain(vtd->cap))
		val |= DMA_TLB_WRITE_DRAIN;
	if (type == DMA_TLB_PSI_FLUSH)
		writeq(addr | am, vtd->reg + iva);
	writeq(val, vtd->reg + tlb);
	if (!vtd_wait_clear(vtd, tlb, DMA_TLB_IVT, &val) && !DMA_TLB_IAIG(val))
		vtd_pr(vtd, "Flush IOTLB failed");
}
