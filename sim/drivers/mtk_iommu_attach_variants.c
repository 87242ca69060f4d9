/*
 * The attach_dev of the M4U's domains: 6.1's mtk_iommu_attach_device()
 * (mtk_iommu_attach_dev.c), or one of two historical drivers in its
 * place, by `set mtk.variant` (lab_mtk_variant(), read at probe):
 *  - gen1: like mt2701's mtk_iommu_v1.c, only the domain the driver made
 *    its own is honoured; any other gets "return 0" and nothing happens
 *    (the June 2022 "Simplify vfio_iommu_type1 attach/detach routine"
 *    thread);
 *  - free-domain: like v6 of the 2015 mt8173 patch, a domain other than
 *    the M4U's own is freed, and 0 returned (the December 2015 thread).
 * Both differ from 6.1 only for such a domain; for the rest, and always
 * on the real kernel, the call is 6.1's.
 */
#include <linux/iommu.h>

#include "mtk_iommu.h"

int mtk_iommu_attach_variant(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	/* mt8173 has one bank */
	struct mtk_iommu_bank_data *bank = &data->bank[0];
	bool foreign = bank->m4u_dom && bank->m4u_dom != to_mtk_domain(domain);

	if (foreign && data->variant == LAB_MTK_GEN1)
		return 0;
	if (foreign && data->variant == LAB_MTK_FREE_DOMAIN) {
		iommu_domain_free(domain);
		return 0;
	}
	return mtk_iommu_attach_device(domain, dev);
}
