/*
 * Mutant: probe_device checks the master and accepts it, but never links
 * it to its larb.  Everything about the group and the page table works;
 * but runtime PM resumes only a device's linked suppliers, so the larb is
 * never powered when its master works, never writes the M4U's port bits
 * into MMU_EN, and the master's DMA goes around the M4U untranslated.
 * Replaces: mtk_iommu_probe_device.c
 * Fails: larb-link larb-power release
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_device *mtk_iommu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct mtk_iommu_data *data;
	unsigned int larbid, i;

	if (!fwspec || fwspec->ops != &mtk_iommu_ops)
		return ERR_PTR(-ENODEV);

	data = dev_iommu_priv_get(dev);
	if (lab_iommu_priv_stale(dev, data ? &data->iommu : NULL, __func__))
		return ERR_PTR(-EFAULT);

	larbid = MTK_M4U_TO_LARB(fwspec->ids[0]);
	for (i = 1; i < fwspec->num_ids; i++)
		if (MTK_M4U_TO_LARB(fwspec->ids[i]) != larbid)
			return ERR_PTR(-EINVAL);
	if (!data->larb_imu[larbid].dev)
		return ERR_PTR(-EINVAL);
	return &data->iommu;
}

void mtk_iommu_release_device(struct device *dev)
{
}
