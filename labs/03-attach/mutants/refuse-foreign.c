/*
 * Mutant: a domain other than the one the bank translates with is
 * refused with -EPERM, as the first mt8173 driver (v4.6's
 * mtk_iommu_attach_device()) refused a second domain: the hardware has
 * one page table, so a driver author "protects" it.  The masters keep
 * working on the M4U's domain, but an unmanaged domain, VFIO's or the
 * console's, can never be attached, where 6.1 shares the one table.
 * Plausible because nothing that boots notices.
 * Replaces: mtk_iommu_attach_dev.c
 * Fails: second-domain vfio
 */
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

int mtk_iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	struct mtk_iommu_bank_data *bank = &data->bank[0];
	int ret;

	if (bank->m4u_dom && bank->m4u_dom != dom)
		return -EPERM;

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
		trace_mtk_iommu_pt_base(data->dev, lab_domain_name(domain),
					dom->cfg.arm_v7s_cfg.ttbr);
	}

	return mtk_iommu_config(data, dev, true, 0);
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	mtk_iommu_config(data, dev, false, 0);
}
