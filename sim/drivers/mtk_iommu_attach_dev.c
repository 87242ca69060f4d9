/*
 * mtk_iommu's attach_dev and detach_dev (drivers/iommu/mtk_iommu.c, 6.1),
 * the callbacks lab 03 asks for.
 *
 * The first attach of a domain finalises it: the M4U's one page table,
 * made for the first domain and shared by every later one.  The first
 * domain a bank sees sets the bank's hardware up and has its table's
 * base programmed, once; every attach turns on the MMU bit of each of
 * the master's larb ports.  So a domain the M4U did not make (VFIO's)
 * shares the table the M4U already walks.  The historical drivers
 * `set mtk.variant` runs instead are in mtk_iommu_attach_variants.c.
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

	if (!dom->bank) {
		ret = mtk_iommu_domain_finalise(dom, data, region_id);
		if (ret)
			return -ENODEV;
		dom->bank = &data->bank[bankid];
	}

	bank = &data->bank[bankid];
	/* the bank's first domain: set the bank up, once */
	if (!bank->m4u_dom) {
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
