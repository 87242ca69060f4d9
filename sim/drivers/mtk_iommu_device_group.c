/*
 * mtk_iommu's device_group, a callback a lab may ask for: every master of
 * one M4U shares a single group, because they all share one page table.
 *
 * 6.1 keeps its pointer to the group after the group is released (when
 * its last master goes), and hands the next master a reference to freed
 * memory; here the group tells the driver it is going, so the next
 * master gets a new one.
 */
#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

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

	group = data->m4u_group;
	if (!group) {
		group = iommu_group_alloc();
		if (!IS_ERR(group)) {
			iommu_group_set_iommudata(group, data, mtk_iommu_group_release);
			data->m4u_group = group;
		}
	} else {
		iommu_group_ref_get(group);
	}
	return group;
}
