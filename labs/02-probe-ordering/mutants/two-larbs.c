/*
 * Mutant: the larb is taken from the master's first port, and the other
 * ports are never compared with it.  A master whose ports sit behind two
 * larbs is accepted and linked to the first larb only, so the second is
 * never powered for it; 6.1 refuses it ("Can only use one larb").
 * Replaces: mtk_iommu_probe_device.c
 * Fails: two-larbs
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

	if (!fwspec || fwspec->ops != &mtk_iommu_ops)
		return ERR_PTR(-ENODEV);

	data = dev_iommu_priv_get(dev);
	if (lab_iommu_priv_stale(dev, data ? &data->iommu : NULL, __func__))
		return ERR_PTR(-EFAULT);

	larbdev = data->larb_imu[MTK_M4U_TO_LARB(fwspec->ids[0])].dev;
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
