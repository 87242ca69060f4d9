/*
 * Mutant: a domain other than the one the bank translates with is freed
 * and 0 returned, as v6 of the 2015 mt8173 patch did with the arch code's
 * per-device domain (the December 2015 thread, "[PATCH v6 4/5]
 * iommu/mediatek: Add mt8173 IOMMU driver", where the reviewers said that
 * attach_dev does not own the domain it is given).  The caller goes on
 * using the domain it believes attached: KASAN's use-after-free, and the
 * group on a freed domain.  Plausible because on v4.4 the extra domain
 * was otherwise leaked.
 * Replaces: mtk_iommu_attach_dev.c
 * Fails: second-domain vfio
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

	if (bank->m4u_dom && bank->m4u_dom != dom) {
		iommu_domain_free(domain);
		return 0;
	}

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

	return mtk_iommu_config(data, dev, true, 0);
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	mtk_iommu_config(dev_iommu_priv_get(dev), dev, false, 0);
}
