/*
 * Mutant: a device without the driver's fwspec is told to come back
 * later (-EPROBE_DEFER) instead of -ENODEV, on the reasoning that of_xlate
 * has simply not run for it yet.  But the core offers probe_device every
 * device of the bus when the M4U registers, and passes over -ENODEV
 * alone: the first device that is not a master (the M4U itself) stops
 * bus_iommu_probe(), iommu_device_register() fails, and the M4U's probe
 * defers for good, its masters with it.
 * Replaces: mtk_iommu_probe_device.c
 * Fails: m4u-first masters-first larb-link two-larbs orders larb-power all-ports bad-cells missing-larb release
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
		return ERR_PTR(-EPROBE_DEFER);

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
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	device_link_remove(dev, data->larb_imu[MTK_M4U_TO_LARB(fwspec->ids[0])].dev);
}
