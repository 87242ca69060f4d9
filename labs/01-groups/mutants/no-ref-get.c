/*
 * Mutant: the M4U's group handed to every master after the first without
 * a reference of its own, as v6 of the mt8173 driver did (the December
 * 2015 thread, "[PATCH v6 4/5] iommu/mediatek: Add mt8173 IOMMU driver").
 * The IOMMU core drops the reference device_group returned once the
 * device is in the group, so the group is left with one reference for
 * all its members (the "refcount" check's WARN), and the first master to
 * leave frees it under the others.  It fails every test: the machine the
 * console boots before a script's `board load` (mt8173-evb, seventeen
 * masters) is torn down by that load, and tearing it down walks the freed
 * group.  Plausible because the function looks symmetrical without it:
 * it is the same group, why take anything?
 * Replaces: mtk_iommu_device_group.c
 * Fails: one-group join leave rejoin churn m4u-reload alloc-fails
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

	if (data->m4u_group)
		return data->m4u_group;
	group = iommu_group_alloc();
	if (!IS_ERR(group)) {
		iommu_group_set_iommudata(group, data, mtk_iommu_group_release);
		data->m4u_group = group;
	}
	return group;
}
