/*
 * Hostile: a plausible but wrong return value: NULL, "no group", where
 * 6.1's core wants a group or an ERR_PTR().  iommu_group_get_for_dev()
 * warns and fails the master's probe_device with -EINVAL, so no master
 * is in a group: every test must fail on its lines.
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
