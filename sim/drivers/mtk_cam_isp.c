/*
 * A driver for the lab's mt8173 camera ISP, a master on larb2 (mainline
 * has no mt8173 ISP driver), as far as the IOMMU sees it.
 * It has no probe of its own: binding needs nothing but working DMA,
 * which the driver core sets up (or defers) before it binds.
 */
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_cam_isp_of_ids[] = {
	{ .compatible = "iommu-lab,mt8173-cam-isp" },
	{}
};

static struct platform_driver mtk_cam_isp_driver = {
	.driver = {
		.name = "mtk-cam-isp",
		.of_match_table = mtk_cam_isp_of_ids,
	},
};
module_platform_driver(mtk_cam_isp_driver);
