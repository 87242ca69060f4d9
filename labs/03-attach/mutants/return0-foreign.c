/*
 * Mutant: a domain other than the one the bank translates with gets
 * "return 0" and nothing else, as mt2701's mtk_iommu_v1.c did until the
 * June 2022 thread ("[v3,0/5] Simplify vfio_iommu_type1 attach/detach
 * routine", where success for an attach that did not happen was called
 * wrong, and -EMEDIUMTYPE proposed instead).  The core believes the
 * group is on the new domain, which has no page table: its mappings
 * fail, and the M4U goes on walking the old domain's.  Plausible because
 * the masters keep working.
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

	if (bank->m4u_dom && bank->m4u_dom != dom)
		return 0;

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
