/*
 * Mutant: the bank set up on every attach, not only for its first domain;
 * the page-table base is still programmed once.  On 6.1 the second set-up
 * asks for the M4U's interrupt a second time, which is refused (-EBUSY):
 * mtk_iommu_hw_init() clears PT_BASE_ADDR, says "Failed @ IRQ-N Request"
 * and returns -ENODEV, so every attach after the first fails and the M4U
 * walks no table.  Plausible because set-up looks idempotent: the same
 * values written again.
 * Replaces: mtk_iommu_attach_dev.c
 * Fails: join second-domain regs reload vfio
 */
#include <linux/io.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

int mtk_iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	struct mtk_iommu_bank_data *bank = &data->bank[0];
	int ret;

	if (!dom->bank) {
		if (mtk_iommu_domain_finalise(dom, data, 0))
			return -ENODEV;
		dom->bank = bank;
	}

	ret = mtk_iommu_hw_init(data, 0);
	if (ret)
		return ret;
	if (!bank->m4u_dom) {
		bank->m4u_dom = dom;
		writel(dom->cfg.arm_v7s_cfg.ttbr, bank->base + REG_MMU_PT_BASE_ADDR);
	}

	return mtk_iommu_config(data, dev, true, 0);
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	mtk_iommu_config(dev_iommu_priv_get(dev), dev, false, 0);
}
