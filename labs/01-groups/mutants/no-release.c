/*
 * Mutant: the driver keeps its pointer to the group after the group is
 * released, as Linux 6.1's mtk_iommu_device_group() does: nothing tells
 * the driver the last master left, so the next master to arrive is handed
 * freed memory (a use-after-free) instead of a new group.  Plausible
 * because it is the kernel's own code, and because masters of an SoC's
 * M4U rarely all go away on a real board.
 * Replaces: mtk_iommu_device_group.c
 * Fails: rejoin
 */
#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	struct iommu_group *group;

	if (!data)
		return ERR_PTR(-ENODEV);

	group = data->m4u_group;
	if (!group) {
		group = iommu_group_alloc();
		if (!IS_ERR(group))
			data->m4u_group = group;
	} else {
		iommu_group_ref_get(group);
	}
	return group;
}
