/*
 * mtk_iommu's device_group, a callback a lab may ask for: every master of
 * one M4U shares a single group, because they all share one page table.
 */
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/iommu-group.h>

#include "mtk_iommu.h"

/* The group is going: forget it, so the next master makes a new one. */
static void mtk_iommu_group_release(void *iommu_data)
{
	struct mtk_iommu_data *data = iommu_data;

	data->m4u_group = NULL;
}

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	struct iommu_group *group;

	if (!data)
		return ERR_PTR(-ENODEV);
	if (data->m4u_group)
		return iommu_group_ref_get(data->m4u_group);
	group = iommu_group_alloc();
	if (IS_ERR(group))
		return group;
	iommu_group_set_iommudata(group, data, mtk_iommu_group_release);
	data->m4u_group = group;
	return group;
}
