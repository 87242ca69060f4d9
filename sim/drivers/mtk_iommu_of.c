/*
 * What the MediaTek M4U driver reads from the device tree (Linux 6.1's
 * drivers/iommu/mtk_iommu.c): the match data of the M4U's compatible,
 * and the larbs and smi-common the M4U's "mediatek,larbs" names
 * (mtk_iommu_mm_dts_parse()).  The other reader, of_xlate, is a callback
 * a lab asks for, in mtk_iommu_of_xlate.c.
 *
 * These are in files of their own because kernel-lab's module runs the
 * rest of the driver on x86, whose 6.1 kernel has no device tree: there
 * kernel-lab/lab_m4u_of.c gives the same functions from its board's
 * platform data.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/of_device.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>

#include "mtk_iommu.h"

const struct mtk_iommu_plat_data *mtk_iommu_match_data(struct device *dev)
{
	return of_device_get_match_data(dev);
}

/*
 * The larbs and their smi-common; -EPROBE_DEFER until every larb has
 * probed.  Each device found is held by a reference (of_find_device_by_node())
 * until remove, so that a larb or smi-common deleted under the M4U leaves
 * it a device no longer registered, never freed memory.  6.1 drops the
 * smi-common's at once and counts on the device link's; the simulator
 * keeps it, for the link goes when the smi-common is deleted.
 */
int mtk_iommu_mm_dts_parse(struct device *dev, struct mtk_iommu_data *data)
{
	struct device_node *larbnode, *frst_avail_smicomm_node = NULL;
	struct platform_device *plarbdev, *pcommdev;
	struct device_link *link;
	int i, larb_nr, ret;

	larb_nr = of_count_phandle_with_args(dev->of_node, "mediatek,larbs", NULL);
	if (larb_nr < 0)
		return larb_nr;
	if (larb_nr == 0 || larb_nr > MTK_LARB_NR_MAX)
		return -EINVAL;

	for (i = 0; i < larb_nr; i++) {
		struct device_node *smicomm_node;
		u32 id;

		larbnode = of_parse_phandle(dev->of_node, "mediatek,larbs", i);
		if (!larbnode) {
			ret = -EINVAL;
			goto err_larbdev_put;
		}

		if (!of_device_is_available(larbnode)) {
			of_node_put(larbnode);
			continue;
		}

		ret = of_property_read_u32(larbnode, "mediatek,larb-id", &id);
		if (ret) /* without the property, the ids follow the list */
			id = i;
		if (id >= MTK_LARB_NR_MAX) {
			of_node_put(larbnode);
			ret = -EINVAL;
			goto err_larbdev_put;
		}

		plarbdev = of_find_device_by_node(larbnode);
		of_node_put(larbnode);
		if (!plarbdev) {
			ret = -ENODEV;
			goto err_larbdev_put;
		}
		if (data->larb_imu[id].dev) {
			put_device(&plarbdev->dev);
			ret = -EEXIST;
			goto err_larbdev_put;
		}
		data->larb_imu[id].dev = &plarbdev->dev;

		if (!plarbdev->dev.driver) {
			ret = -EPROBE_DEFER;
			goto err_larbdev_put;
		}

		/* mt8173's larbs hang off the smi-common directly. */
		smicomm_node = of_parse_phandle(larbnode, "mediatek,smi", 0);
		if (!smicomm_node) {
			ret = -EINVAL;
			goto err_larbdev_put;
		}

		/* All the larbs of one M4U must share the smi-common. */
		if (!frst_avail_smicomm_node) {
			frst_avail_smicomm_node = smicomm_node;
		} else if (frst_avail_smicomm_node != smicomm_node) {
			of_node_put(smicomm_node);
			ret = -EINVAL;
			goto err_larbdev_put;
		} else {
			of_node_put(smicomm_node);
		}
	}

	if (!frst_avail_smicomm_node) {
		ret = -EINVAL;
		goto err_larbdev_put;
	}

	pcommdev = of_find_device_by_node(frst_avail_smicomm_node);
	of_node_put(frst_avail_smicomm_node);
	if (!pcommdev) {
		ret = -ENODEV;
		goto err_larbdev_put;
	}
	data->smicomm_dev = &pcommdev->dev;

	link = device_link_add(data->smicomm_dev, dev,
			       DL_FLAG_STATELESS | DL_FLAG_PM_RUNTIME);
	if (!link) {
		dev_err(dev, "Unable to link %s.\n", dev_name(data->smicomm_dev));
		put_device(data->smicomm_dev);
		data->smicomm_dev = NULL;
		ret = -EINVAL;
		goto err_larbdev_put;
	}
	return 0;

err_larbdev_put:
	for (i = MTK_LARB_NR_MAX - 1; i >= 0; i--) {
		if (!data->larb_imu[i].dev)
			continue;
		put_device(data->larb_imu[i].dev);
		data->larb_imu[i].dev = NULL;
	}
	return ret;
}

void mtk_iommu_put_devices(struct mtk_iommu_data *data)
{
	for (int i = 0; i < MTK_LARB_NR_MAX; i++) {
		put_device(data->larb_imu[i].dev);
		data->larb_imu[i].dev = NULL;
	}
	put_device(data->smicomm_dev);
	data->smicomm_dev = NULL;
}
