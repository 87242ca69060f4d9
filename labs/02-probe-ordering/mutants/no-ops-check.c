/*
 * Mutant: probe_device takes any device with a fwspec for one of its
 * masters, without checking that the fwspec names this driver's ops.
 * Harmless while the M4U registers before every master probes; but a
 * master that deferred earlier (the M4U not registered yet) keeps the
 * empty fwspec of_iommu_xlate() gave it, with no ops and no IOMMU data.
 * When the M4U registers, bus_iommu_probe() offers it to probe_device,
 * which reads the NULL data (an oops in 6.1, reported by the simulator);
 * the error stops the registration and the M4U's probe fails.
 * Replaces: mtk_iommu_probe_device.c
 * Fails: masters-first orders
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

	if (!fwspec)
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
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	device_link_remove(dev, data->larb_imu[MTK_M4U_TO_LARB(fwspec->ids[0])].dev);
}
