/*
 * Mutant: NULL returned when the group cannot be allocated, as if
 * device_group were a function that returns NULL for "no group".  Its
 * contract is an ERR_PTR: the IOMMU core takes NULL for -EINVAL (6.1's
 * iommu_group_get_for_dev()), so the master is refused for a bad argument
 * when the truth was -ENOMEM.  Plausible because iommu_group_get() does
 * return NULL for "no group", and many kernel allocators return NULL.
 * Replaces: mtk_iommu_device_group.c
 * Fails: alloc-fails
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
		return NULL;

	group = data->m4u_group;
	if (group)
		return iommu_group_ref_get(group);
	group = iommu_group_alloc();
	if (IS_ERR(group))
		return NULL;
	iommu_group_set_iommudata(group, data, mtk_iommu_group_release);
	data->m4u_group = group;
	return group;
}
