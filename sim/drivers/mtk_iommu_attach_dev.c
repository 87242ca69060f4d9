/*
 * mtk_iommu's attach_dev and detach_dev, callbacks a lab may ask for.
 *
 * The reference (6.1) finalises the domain at its first attach, sets the
 * bank up and programs its page-table base once, for the first domain
 * the bank sees, and turns on the MMU bit of each of the master's larb
 * ports.  Two historical variants can be run instead (`set mtk.variant`,
 * lab_mtk_variant()):
 *  - gen1: like mt2701's mtk_iommu_v1.c, only the domain the driver made
 *    its own is honoured; any other gets "return 0" and nothing happens
 *    (the June 2022 "Simplify vfio_iommu_type1 attach/detach routine"
 *    thread);
 *  - free-domain: like v6 of the 2015 mt8173 patch, a domain other than the
 *    M4U's own is freed, and 0 returned (the December 2015 thread).
 *
 * mt8173 has one bank and one IOVA region, so both ids are 0 here; 6.1
 * works them out from the master's ports and DMA range.
 */
#include <linux/io.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

int mtk_iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	unsigned int bankid = 0, region_id = 0;
	struct mtk_iommu_bank_data *bank;
	int ret;

	bank = &data->bank[bankid];
	if (bank->m4u_dom && bank->m4u_dom != dom) {
		if (data->variant == LAB_MTK_GEN1)
			return 0;
		if (data->variant == LAB_MTK_FREE_DOMAIN) {
			iommu_domain_free(domain);
			return 0;
		}
	}

	if (!dom->bank) {
		ret = mtk_iommu_domain_finalise(dom, data, region_id);
		if (ret)
			return -ENODEV;
		dom->bank = bank;
	}

	if (!bank->m4u_dom) { /* Initialize the M4U HW for each a BANK */
		ret = mtk_iommu_hw_init(data, bankid);
		if (ret)
			return ret;
		bank->m4u_dom = dom;
		writel(dom->cfg.arm_v7s_cfg.ttbr, bank->base + REG_MMU_PT_BASE_ADDR);
		trace_mtk_iommu_pt_base(data->dev, lab_domain_name(domain),
					dom->cfg.arm_v7s_cfg.ttbr);
	}

	return mtk_iommu_config(data, dev, true, region_id);
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	mtk_iommu_config(data, dev, false, 0);
}
