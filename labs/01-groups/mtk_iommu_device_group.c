/*
 * Lab 01, groups: mtk_iommu_device_group(), the M4U driver's device_group
 * callback (drivers/iommu/mtk_iommu.c in Linux 6.1).  The IOMMU core calls
 * it for a master that has no group yet; every master of one M4U must end
 * up in a single group, because they all translate through one page
 * table.  README.md says what the core expects of it.
 */
#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

/*
 * TODO: a function the group calls when it is released (the last
 * reference dropped), given the pointer you hand to
 * iommu_group_set_iommudata(): the driver must forget its group then.
 */

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	if (!data)
		return ERR_PTR(-ENODEV);

	/*
	 * TODO: the first master of this M4U gets a new group
	 * (iommu_group_alloc(), which can fail); keep it in data->m4u_group
	 * and tell the group how to make the driver forget it.
	 */

	/*
	 * TODO: every later master gets that same group, with a reference
	 * of its own for the caller (iommu_group_ref_get()).
	 */

	return ERR_PTR(-ENODEV);
}
