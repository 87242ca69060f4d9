/*
 * mtk_iommu's register set-up (drivers/iommu/mtk_iommu.c, 6.1): what a
 * bank is given when it gets its first domain.  The TLB invalidations are
 * in mtk_iommu_flush.c.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kernel.h>

#include "mtk_iommu.h"

int mtk_iommu_hw_init(struct mtk_iommu_data *data, unsigned int bankid)
{
	struct mtk_iommu_bank_data *bankx = &data->bank[bankid];
	const struct mtk_iommu_bank_data *bank0 = &data->bank[0];
	u32 regval;

	/* Global settings are in bank 0; mt8173 sends faults to the protect buffer. */
	if (MTK_IOMMU_HAS_FLAG(data->plat_data, TF_PORT_TO_ADDR_MT8173))
		regval = F_MMU_PREFETCH_RT_REPLACE_MOD |
			 F_MMU_TF_PROT_TO_PROGRAM_ADDR_MT8173;
	else
		regval = readl_relaxed(bank0->base + REG_MMU_CTRL_REG);
	writel_relaxed(regval, bank0->base + REG_MMU_CTRL_REG);

	writel_relaxed(0, bank0->base + REG_MMU_DCM_DIS);

	/* With RESET_AXI the register is STANDARD_AXI_MODE, cleared. */
	if (MTK_IOMMU_HAS_FLAG(data->plat_data, RESET_AXI)) {
		regval = 0;
		writel_relaxed(regval, bank0->base + REG_MMU_MISC_CTRL);
	}

	/* Independent settings for each bank */
	regval = F_L2_MULIT_HIT_EN |
		F_TABLE_WALK_FAULT_INT_EN |
		F_PREETCH_FIFO_OVERFLOW_INT_EN |
		F_MISS_FIFO_OVERFLOW_INT_EN |
		F_PREFETCH_FIFO_ERR_INT_EN |
		F_MISS_FIFO_ERR_INT_EN;
	writel_relaxed(regval, bankx->base + REG_MMU_INT_CONTROL0);

	regval = F_INT_TRANSLATION_FAULT |
		F_INT_MAIN_MULTI_HIT_FAULT |
		F_INT_INVALID_PA_FAULT |
		F_INT_ENTRY_REPLACEMENT_FAULT |
		F_INT_TLB_MISS_FAULT |
		F_INT_MISS_TRANSACTION_FIFO_FAULT |
		F_INT_PRETETCH_TRANSATION_FIFO_FAULT;
	writel_relaxed(regval, bankx->base + REG_MMU_INT_MAIN_CONTROL);

	/* Legacy layout: PA >> 1, bit 31 says 4 GB mode. */
	if (MTK_IOMMU_HAS_FLAG(data->plat_data, HAS_LEGACY_IVRP_PADDR))
		regval = (u32)(data->protect_base >> 1) | ((u32)data->enable_4GB << 31);
	else
		regval = lower_32_bits(data->protect_base) |
			 upper_32_bits(data->protect_base);
	writel_relaxed(regval, bankx->base + REG_MMU_IVRP_PADDR);

	if (!bankx->irq_requested || bankx->m4u_dom) {
		if (devm_request_irq(bankx->parent_dev, bankx->irq, mtk_iommu_isr, 0,
				     dev_name(bankx->parent_dev), bankx)) {
			writel_relaxed(0, bankx->base + REG_MMU_PT_BASE_ADDR);
			dev_err(bankx->parent_dev, "Failed @ IRQ-%d Request\n", bankx->irq);
			return -ENODEV;
		}
		bankx->irq_requested = true;
	}

	return 0;
}
