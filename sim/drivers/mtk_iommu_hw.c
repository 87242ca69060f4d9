/*
 * mtk_iommu's register programming (drivers/iommu/mtk_iommu.c, 6.1):
 * the one-time set-up done when the first domain is attached, and the two
 * TLB invalidations, whole and by range.
 */
#include <sim/errno.h>
#include <sim/sim.h>
#include <trace/events/iommu_lab.h>

#include "mtk_iommu.h"

/* The invalidate-range registers take IOVA bits 31:12, and 34:32 in 2:0. */
static u32 mtk_iommu_tlb_addr(u64 iova)
{
	return ((u32)iova & (u32)GENMASK(31, 12)) | (u32)(iova >> 32);
}

int mtk_iommu_hw_init(struct mtk_iommu_data *data)
{
	const struct mtk_iommu_plat_data *plat = data->plat_data;
	u32 regval;
	int ret;

	/* mt8173: faulting accesses go to the protect buffer. */
	regval = F_MMU_PREFETCH_RT_REPLACE_MOD | F_MMU_TF_PROT_TO_PROGRAM_ADDR_MT8173;
	writel_relaxed(regval, data->base + REG_MMU_CTRL_REG);
	writel_relaxed(0, data->base + REG_MMU_DCM_DIS);
	/* RESET_AXI: the register is STANDARD_AXI_MODE, cleared. */
	if (plat->flags & RESET_AXI)
		writel_relaxed(0, data->base + REG_MMU_MISC_CTRL);

	regval = F_L2_MULIT_HIT_EN | F_TABLE_WALK_FAULT_INT_EN |
		 F_PREETCH_FIFO_OVERFLOW_INT_EN | F_MISS_FIFO_OVERFLOW_INT_EN |
		 F_PREFETCH_FIFO_ERR_INT_EN | F_MISS_FIFO_ERR_INT_EN;
	writel_relaxed(regval, data->base + REG_MMU_INT_CONTROL0);
	regval = F_INT_TRANSLATION_FAULT | F_INT_MAIN_MULTI_HIT_FAULT |
		 F_INT_INVALID_PA_FAULT | F_INT_ENTRY_REPLACEMENT_FAULT |
		 F_INT_TLB_MISS_FAULT | F_INT_MISS_TRANSACTION_FIFO_FAULT |
		 F_INT_PRETETCH_TRANSATION_FIFO_FAULT;
	writel_relaxed(regval, data->base + REG_MMU_INT_MAIN_CONTROL);

	/* Legacy layout: PA >> 1, bit 31 says 4 GB mode. */
	regval = (u32)(data->protect_base >> 1) | ((u32)data->enable_4GB << 31);
	writel_relaxed(regval, data->base + REG_MMU_IVRP_PADDR);

	if (!data->irq_requested) {
		ret = devm_request_irq(data->dev, data->irq, mtk_iommu_isr, 0,
				       dev_name(data->dev), data);
		if (ret) {
			writel_relaxed(0, data->base + REG_MMU_PT_BASE_ADDR);
			dev_err(data->dev, "Failed @ IRQ-%d Request", data->irq);
			return -ENODEV;
		}
		data->irq_requested = true;
	}
	return 0;
}

void mtk_iommu_tlb_flush_all(struct mtk_iommu_data *data)
{
	writel_relaxed(F_INVLD_EN1 | F_INVLD_EN0, data->base + REG_MMU_INV_SEL_GEN1);
	writel_relaxed(F_ALL_INVLD, data->base + REG_MMU_INVALIDATE);
	trace_mtk_iommu_tlb_flush_all(data->dev);
}

/*
 * 6.1 skips this while the M4U is runtime-suspended and flushes everything
 * on resume; the simulator keeps the M4U powered while its driver is bound,
 * so the range is always invalidated here.
 */
void mtk_iommu_tlb_flush_range_sync(unsigned long iova, size_t size,
				    struct mtk_iommu_data *data)
{
	u32 done;

	writel_relaxed(F_INVLD_EN1 | F_INVLD_EN0, data->base + REG_MMU_INV_SEL_GEN1);
	writel_relaxed(mtk_iommu_tlb_addr(iova), data->base + REG_MMU_INVLD_START_A);
	writel_relaxed(mtk_iommu_tlb_addr(iova + size - 1),
		       data->base + REG_MMU_INVLD_END_A);
	writel_relaxed(F_MMU_INV_RANGE, data->base + REG_MMU_INVALIDATE);
	trace_mtk_iommu_tlb_flush_range(data->dev, iova, size);

	/* The model finishes at once: one read stands for the poll. */
	done = readl_relaxed(data->base + REG_MMU_CPE_DONE);
	writel_relaxed(0, data->base + REG_MMU_CPE_DONE);
	if (!done) {
		dev_warn(data->dev, "Partial TLB flush timed out, falling back to full flush");
		mtk_iommu_tlb_flush_all(data);
	}
}
