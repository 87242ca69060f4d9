/*
 * Mutant: the larb is looked up but never checked.  For a port on a larb
 * the M4U's "mediatek,larbs" does not name, data->larb_imu[] holds NULL;
 * device_link_add() with a NULL supplier makes no link and returns NULL,
 * which the driver only logs, and the master is accepted, behind a larb
 * that does not exist.
 * Replaces: mtk_iommu_probe_device.c
 * Fails: missing-larb
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

	link = device_link_add(dev, data->larb_imu[larbid].dev,
			       DL_FLAG_PM_RUNTIME | DL_FLAG_STATELESS);
	if (!link)
		dev_err(dev, "Unable to link larb %u\n", larbid);
	return &data->iommu;
}

void mtk_iommu_release_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	struct device *larbdev = data->larb_imu[MTK_M4U_TO_LARB(fwspec->ids[0])].dev;

	if (larbdev)
		device_link_remove(dev, larbdev);
}
