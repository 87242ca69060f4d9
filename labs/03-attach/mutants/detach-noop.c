/*
 * Mutant: attach is 6.1's, but detach does nothing: the master's larb
 * ports stay on after its group has lost its domain, so the M4U goes on
 * translating its DMA through the table of a domain the core has let go.
 * Plausible because 6.1's core calls detach_dev only for a group with no
 * default domain, which the usual boot never makes.
 * Replaces: mtk_iommu_attach_dev.c
 * Fails: detach
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

	return mtk_iommu_config(data, dev, true, 0);
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
}
