/*
 * Mutant: a new group for every master, as generic_device_group() makes
 * for devices the IOMMU can isolate from each other.  The M4U cannot: its
 * masters all translate through the one page table the M4U's PT_BASE
 * register points at, so a domain attached to one master is attached to
 * all of them.  Plausible because most IOMMU drivers' first device_group
 * is exactly this.
 * Replaces: mtk_iommu_device_group.c
 * Fails: one-group join leave rejoin churn m4u-reload alloc-fails
 */
#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	if (!data)
		return ERR_PTR(-ENODEV);
	return iommu_group_alloc();
}
