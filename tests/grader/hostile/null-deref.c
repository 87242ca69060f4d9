/*
 * Hostile: dereferences NULL in device_group, at the first master.
 * The test that loads the board crashes (SIGSEGV); it must fail as a
 * crash, and the tests that depend on it are not run.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	struct mtk_iommu_data *volatile data = NULL;

	return data->m4u_group;
}
