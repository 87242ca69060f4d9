/*
 * Mutant: "set the bank up once" kept in a static flag instead of in the
 * bank (bank->m4u_dom).  Right for the first M4U instance; when the
 * driver is unbound and bound again, the new instance's bank is never
 * set up nor given the base of its new table, and no interrupt handler is
 * requested for its faults.  Plausible because "once" reads like "once
 * per boot".
 * Replaces: mtk_iommu_attach_dev.c
 * Fails: reload
 */
#include <linux/io.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

static bool mtk_iommu_bank_ready;

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

	if (!mtk_iommu_bank_ready) {
		ret = mtk_iommu_hw_init(data, 0);
		if (ret)
			return ret;
		bank->m4u_dom = dom;
		writel(dom->cfg.arm_v7s_cfg.ttbr, bank->base + REG_MMU_PT_BASE_ADDR);
		mtk_iommu_bank_ready = true;
	}

	return mtk_iommu_config(data, dev, true, 0);
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	mtk_iommu_config(dev_iommu_priv_get(dev), dev, false, 0);
}
