/*
 * Mutant: the bank set up for its first domain, but the page-table base
 * never programmed: PT_BASE_ADDR keeps its reset value, 0, and the M4U
 * walks whatever is at physical 0 for every IOVA.  Plausible because
 * mtk_iommu_hw_init() sounds as if it did all the set-up.
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
	}

	return mtk_iommu_config(data, dev, true, 0);
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	mtk_iommu_config(dev_iommu_priv_get(dev), dev, false, 0);
}
