/*
 * Mutant: the bank set up once, but every attach makes the domain the
 * bank's and programs its page-table base again, as if each domain had a
 * table of its own.  The M4U's domains share one table, so the value
 * written is the same each time: the hardware sees a write of
 * PT_BASE_ADDR per attach, 33 in mt8173-evb's boot (the first master
 * attached once, the sixteen others twice), and the bank's domain is
 * whichever was attached last.  Plausible because it is
 * what a driver with a table per domain must do.
 * Replaces: mtk_iommu_attach_dev.c
 * Fails: second-domain reload vfio
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

	if (!bank->m4u_dom) {
		ret = mtk_iommu_hw_init(data, 0);
		if (ret)
			return ret;
	}
	bank->m4u_dom = dom;
	writel(dom->cfg.arm_v7s_cfg.ttbr, bank->base + REG_MMU_PT_BASE_ADDR);

	return mtk_iommu_config(data, dev, true, 0);
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	mtk_iommu_config(dev_iommu_priv_get(dev), dev, false, 0);
}
