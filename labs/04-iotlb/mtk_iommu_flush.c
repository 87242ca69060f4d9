/*
 * Lab 04, the IOTLB: the M4U's TLB invalidations and the domain callbacks
 * that ask for them (drivers/iommu/mtk_iommu.c in Linux 6.1).
 * mtk_iommu_tlb_flush_all() invalidates the whole TLB,
 * mtk_iommu_tlb_flush_range_sync() a range, waiting for the M4U to say it
 * is done.  The core calls unmap for each page it takes out of a domain,
 * iotlb_sync once it wants what was unmapped gone from the TLB,
 * flush_iotlb_all for everything, and iotlb_sync_map after a map.
 * README.md says what each register does and what the core expects.
 */
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/iopoll.h>
#include <linux/kernel.h>

#include "mtk_iommu.h"

/*
 * INVLD_START_A and INVLD_END_A take an IOVA's page, bits 31:12, with
 * IOVA bits 34:32 in bits 2:0 (always 0 on mt8173, whose IOVAs are 32
 * bits).  Given: use it for both (__maybe_unused only until you do).
 */
static __maybe_unused u32 mtk_iommu_tlb_addr(dma_addr_t iova)
{
	return (lower_32_bits(iova) & GENMASK(31, 12)) | upper_32_bits(iova);
}

void mtk_iommu_tlb_flush_all(struct mtk_iommu_data *data)
{
	/*
	 * TODO: the whole TLB, through bank 0's registers
	 * (data->bank[0].base): select both TLBs in the invalidate-select
	 * register (its offset is data->plat_data->inv_sel_reg), then
	 * command the invalidate of everything in REG_MMU_INVALIDATE.
	 */
}

void mtk_iommu_tlb_flush_range_sync(unsigned long iova, size_t size,
				    struct mtk_iommu_bank_data *bank)
{
	/*
	 * TODO: invalidate [iova, iova + size) through bank->base: select
	 * both TLBs, write the range's first and last pages
	 * (mtk_iommu_tlb_addr()) into REG_MMU_INVLD_START_A and
	 * REG_MMU_INVLD_END_A, command the range invalidate.  Then wait,
	 * as 6.1 does, for REG_MMU_CPE_DONE to read non-zero (polled every
	 * 10 us for at most 1000 us), and clear it.  If it never came, warn
	 * and invalidate the whole TLB instead.
	 */
}

size_t mtk_iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		       size_t size, struct iommu_iotlb_gather *gather)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	/* A domain never attached has no table (6.1 would oops). */
	if (!dom->iop)
		return 0;
	/*
	 * TODO: the core syncs later, for everything this unmap and the
	 * others of the same call (or batch) took out: note the range in
	 * the gather.
	 */
	return dom->iop->unmap(dom->iop, iova, size, gather);
}

void mtk_iommu_flush_iotlb_all(struct iommu_domain *domain)
{
	/*
	 * TODO: the whole TLB of the M4U the domain's bank belongs to
	 * (dom->bank->parent_data); a domain never attached has no bank
	 * (dom->bank is NULL) and nothing to flush.
	 */
}

void mtk_iommu_iotlb_sync(struct iommu_domain *domain,
			  struct iommu_iotlb_gather *gather)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	/*
	 * Nothing to invalidate for a domain never attached, or for an
	 * empty gather (start ULONG_MAX, end 0: nothing was unmapped).
	 */
	if (!dom->bank || gather->end < gather->start || gather->start == ~0UL)
		return;
	/* TODO: invalidate the gathered range; gather->end is its last byte. */
}

void mtk_iommu_sync_map(struct iommu_domain *domain, unsigned long iova,
			size_t size)
{
	/*
	 * TODO: invalidate the range just mapped (a domain with no bank has
	 * nothing to invalidate).
	 */
}
