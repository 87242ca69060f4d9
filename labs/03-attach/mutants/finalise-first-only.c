/*
 * Mutant: the domain finalised when the bank gets its first domain, with
 * the set-up, instead of at each domain's first attach.  The default
 * domain gets the page table; a domain attached later (an unmanaged
 * domain, VFIO's) is never finalised: it has no table and no aperture,
 * and mapping into it fails, while the M4U goes on walking the default
 * domain's table.  Plausible because with one page table "finalise once"
 * sounds right.
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

	if (!bank->m4u_dom) {
		if (mtk_iommu_domain_finalise(dom, data, 0))
			return -ENODEV;
		dom->bank = bank;
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
