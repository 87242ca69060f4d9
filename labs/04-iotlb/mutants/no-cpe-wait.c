/*
 * Mutant: the range invalidate is commanded and CPE_DONE cleared, but
 * never waited for: the driver returns as if the M4U were done the moment
 * INVALIDATE was written, and so never learns that it did not finish.
 * Plausible because on a quiet machine the M4U finishes fast.
 * Fails: timeout
 */
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/iopoll.h>
#include <linux/kernel.h>

#include "mtk_iommu.h"

/* The invalidate-range registers take IOVA bits 31:12, and 34:32 in 2:0. */
static u32 mtk_iommu_tlb_addr(dma_addr_t iova)
{
	return (lower_32_bits(iova) & GENMASK(31, 12)) | upper_32_bits(iova);
}

void mtk_iommu_tlb_flush_all(struct mtk_iommu_data *data)
{
	/* The whole-TLB invalidate goes through bank 0, on every M4U. */
	struct mtk_iommu_bank_data *bank = &data->bank[0];
	void __iomem *base = bank->base;

	writel_relaxed(F_INVLD_EN1 | F_INVLD_EN0, base + data->plat_data->inv_sel_reg);
	writel_relaxed(F_ALL_INVLD, base + REG_MMU_INVALIDATE);
	trace_mtk_iommu_tlb_flush_all(data->dev);
}

/*
 * 6.1 skips this while the M4U is runtime-suspended and flushes everything
 * on resume; the simulator keeps the M4U powered while its driver is bound,
 * so the range is always invalidated here.
 */
void mtk_iommu_tlb_flush_range_sync(unsigned long iova, size_t size,
				    struct mtk_iommu_bank_data *bank)
{
	struct mtk_iommu_data *data = bank->parent_data;
	void __iomem *base = bank->base;

	writel_relaxed(F_INVLD_EN1 | F_INVLD_EN0, base + data->plat_data->inv_sel_reg);

	writel_relaxed(mtk_iommu_tlb_addr(iova), base + REG_MMU_INVLD_START_A);
	writel_relaxed(mtk_iommu_tlb_addr(iova + size - 1),
		       base + REG_MMU_INVLD_END_A);
	writel_relaxed(F_MMU_INV_RANGE, base + REG_MMU_INVALIDATE);
	trace_mtk_iommu_tlb_flush_range(data->dev, iova, size);

	/* CPE_DONE stays set until written: clear it for the next invalidate. */
	writel_relaxed(0, base + REG_MMU_CPE_DONE);
}

size_t mtk_iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		       size_t size, struct iommu_iotlb_gather *gather)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (!dom->iop)
		return 0;
	iommu_iotlb_gather_add_range(gather, iova, size);
	return dom->iop->unmap(dom->iop, iova, size, gather);
}

void mtk_iommu_flush_iotlb_all(struct iommu_domain *domain)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (dom->bank)
		mtk_iommu_tlb_flush_all(dom->bank->parent_data);
}

/* An empty gather (nothing unmapped) has nothing to invalidate. */
void mtk_iommu_iotlb_sync(struct iommu_domain *domain,
			  struct iommu_iotlb_gather *gather)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	size_t length = gather->end - gather->start + 1;

	if (dom->bank && gather->end >= gather->start && gather->start != ~0UL)
		mtk_iommu_tlb_flush_range_sync(gather->start, length, dom->bank);
}

void mtk_iommu_sync_map(struct iommu_domain *domain, unsigned long iova,
			size_t size)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (dom->bank)
		mtk_iommu_tlb_flush_range_sync(iova, size, dom->bank);
}
