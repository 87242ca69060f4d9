/*
 * Mutant: the master's larb ports never turned on: everything else is
 * 6.1's, but mtk_iommu_config() is not called.  The larb sends the
 * master's accesses straight to memory (MMU_EN clear): its IOVAs are
 * used as physical addresses, bypassing the M4U.  Plausible because the
 * domain, the table and the M4U are all set up, and the attach succeeds.
 * Replaces: mtk_iommu_attach_dev.c
 * Fails: first-attach join second-domain detach regs reload vfio
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
		bank->m4u_dom = dom;
		writel(dom->cfg.arm_v7s_cfg.ttbr, bank->base + REG_MMU_PT_BASE_ADDR);
	}

	return 0;
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	mtk_iommu_config(dev_iommu_priv_get(dev), dev, false, 0);
}
