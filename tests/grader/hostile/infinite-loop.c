/*
 * Hostile: never returns from device_group.  Each test that runs it must
 * be killed at its timeout and reported as a TIMEOUT, not as a failure
 * of another kind, and the grader must go on to the next.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict TIMEOUT
 */
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	volatile unsigned long spins = 0;

	for (;;)
		spins++;
	return NULL;
}
