/*
 * Mutant: probe_device is right, and release_device is left empty, on
 * the reasoning that device_del() purges a removed master's links anyway.
 * It does, for a removed master; but the core also releases a master it
 * gives up on without removing it (its group could not be found), and
 * then the link stays, and the next probe_device takes a second reference
 * on it instead of making a new one.
 * Replaces: mtk_iommu_probe_device.c
 * Fails: release
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_device *mtk_iommu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct mtk_iommu_data *data;
	struct device_link *link;
	struct device *larbdev;
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
	larbdev = data->larb_imu[larbid].dev;
	if (!larbdev)
		return ERR_PTR(-EINVAL);

	link = device_link_add(dev, larbdev, DL_FLAG_PM_RUNTIME | DL_FLAG_STATELESS);
	if (!link)
		dev_err(dev, "Unable to link %s\n", dev_name(larbdev));
	return &data->iommu;
}

void mtk_iommu_release_device(struct device *dev)
{
}
