/*
 * Mutant: iommu_group_alloc()'s result stored in the driver's data before
 * it is checked, as mtk_iommu_device_group() did in the kernels before
 * it kept the new group in a local variable.  One failed allocation
 * leaves an ERR_PTR where the group belongs; the next master finds it
 * non-NULL and takes a reference on it: an oops on an address near the
 * top of memory.  Plausible because the error is checked, only too late.
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

	if (!data)
		return ERR_PTR(-ENODEV);

	if (!data->m4u_group) {
		data->m4u_group = iommu_group_alloc();
		if (IS_ERR(data->m4u_group))
			dev_err(dev, "Failed to allocate M4U IOMMU group\n");
		else
			iommu_group_set_iommudata(data->m4u_group, data,
						  mtk_iommu_group_release);
	} else {
		iommu_group_ref_get(data->m4u_group);
	}
	return data->m4u_group;
}
