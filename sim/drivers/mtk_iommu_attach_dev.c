/*
 * mtk_iommu's attach_dev and detach_dev, a callback a lab may ask for.
 *
 * The reference (6.1) finalises the domain at its first attach, programs
 * the page-table base once, for the first domain the M4U sees, and turns
 * on the MMU bit of each of the master's larb ports.  Two historical
 * variants can be built instead (`set mtk.variant`):
 *  - gen1: like mt2701's mtk_iommu_v1.c, only the domain the driver made
 *    its own is honoured; any other gets "return 0" and nothing happens
 *    (the June 2022 "Simplify vfio_iommu_type1 attach/detach routine"
 *    thread);
 *  - free-domain: like v6 of the 2015 mt8173 patch, a domain other than the
 *    M4U's own is freed, and 0 returned (the December 2015 thread).
 */
#include <sim/errno.h>
#include <sim/sim.h>
#include <trace/events/iommu_lab.h>

#include "mtk_iommu.h"

int mtk_iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	int ret;

	if (!data)
		return -ENODEV;

	if (data->m4u_dom && data->m4u_dom != dom) {
		if (data->variant == MTK_VARIANT_GEN1)
			return 0;
		if (data->variant == MTK_VARIANT_FREE_DOMAIN) {
			iommu_domain_free(domain);
			return 0;
		}
	}

	if (!dom->data) {
		ret = mtk_iommu_domain_finalise(dom, data);
		if (ret)
			return -ENODEV;
	}

	if (!data->m4u_dom) {
		/* The hardware is set up once, for the first domain. */
		ret = mtk_iommu_hw_init(data);
		if (ret)
			return ret;
		data->m4u_dom = dom;
		data->pt_base = dom->cfg.arm_v7s_cfg.ttbr;
		writel(data->pt_base, data->base + REG_MMU_PT_BASE_ADDR);
		trace_mtk_iommu_pt_base(data->dev, domain->name, data->pt_base);
	}
	mtk_iommu_config(data, dev, true);
	return 0;
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	(void)domain;
	mtk_iommu_config(data, dev, false);
}
