/*
 * Hostile: a plausible but wrong return value: NULL, "no group", where
 * 6.1's core wants a group or an ERR_PTR().  iommu_group_get_for_dev()
 * warns and returns -EINVAL, so __iommu_probe_device() fails for every
 * master and none is in a group: every test must fail on its lines.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	return NULL;
}
