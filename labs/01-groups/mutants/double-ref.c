/*
 * Mutant: a reference taken for every caller, the first included, on top
 * of the one iommu_group_alloc() already returns.  The group then holds
 * one reference more than it has members, and never reaches zero: when
 * the last master leaves the group stays, empty, with its default domain,
 * and the next master joins that old group.  Plausible from reading
 * "device_group returns a referenced group" as "call iommu_group_ref_get()
 * before returning".  (A sanitizer build's LeakSanitizer reports the group
 * at exit in every test; the lines compared differ in these three.)  On
 * the real kernel (KERNEL=1) join fails too: when the modules unload after
 * it, kernel-lab-run finds the leaked group still in
 * /sys/kernel/iommu_groups.
 * Replaces: mtk_iommu_device_group.c
 * Fails: leave rejoin m4u-reload
 * Kernel-fails: join leave rejoin
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

	group = data->m4u_group;
	if (!group) {
		group = iommu_group_alloc();
		if (IS_ERR(group))
			return group;
		iommu_group_set_iommudata(group, data, mtk_iommu_group_release);
		data->m4u_group = group;
	}
	return iommu_group_ref_get(group);
}
