/*
 * Hostile: the reference's device_group, but the third master calls
 * abort(), in the middle of every test.  The crash (SIGABRT, which the
 * sandbox lets a process send itself) must fail the test.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <stdlib.h>

#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	static unsigned int calls;

	if (!data)
		return ERR_PTR(-ENODEV);
	if (++calls == 3)
		abort();
	if (!data->m4u_group) {
		data->m4u_group = iommu_group_alloc();
		return data->m4u_group;
	}
	return iommu_group_ref_get(data->m4u_group);
}
