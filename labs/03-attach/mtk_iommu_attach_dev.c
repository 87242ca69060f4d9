/*
 * Lab 03, attach: mtk_iommu_attach_device() and mtk_iommu_detach_device(),
 * the M4U driver's attach_dev and detach_dev (drivers/iommu/mtk_iommu.c in
 * Linux 6.1).  The IOMMU core calls attach_dev to make a master translate
 * through a domain, and detach_dev, in 6.1 only for a group left with no
 * domain at all, to stop it.  The M4U has one page table for all its
 * masters.  README.md says what the core expects of each.
 */
#include <linux/io.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

int mtk_iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	if (!data)
		return -ENODEV;

	/*
	 * TODO: a domain that has never been attached has no page table yet
	 * (dom->bank is NULL): finalise it (mtk_iommu_domain_finalise(),
	 * region 0; -ENODEV if that fails) and remember the bank it now
	 * serves (mt8173 has one: data->bank[0]).  Every domain goes this
	 * way, whoever allocated it.
	 */

	/*
	 * TODO: a bank that has no domain yet (bank->m4u_dom is NULL) has
	 * never been set up: set it up (mtk_iommu_hw_init(), which can
	 * fail), make this domain the bank's, and program its page-table
	 * base (the domain's cfg.arm_v7s_cfg.ttbr into REG_MMU_PT_BASE_ADDR
	 * of bank->base, with writel()).  A bank is set up once.
	 */

	/*
	 * TODO: turn on the MMU bit of each of the master's larb ports
	 * (mtk_iommu_config(), region 0), and return what it returns.
	 */

	return -ENODEV;
}

void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	/* TODO: turn the MMU bit of each of the master's larb ports off. */
}
