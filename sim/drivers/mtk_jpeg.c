/*
 * The mt8173 JPEG decoder's driver (6.1's
 * drivers/media/platform/mediatek/jpeg/mtk_jpeg_core.c), as far as the
 * IOMMU sees it.
 * It has no probe of its own: binding needs nothing but working DMA,
 * which the driver core sets up (or defers) before it binds.
 */
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_jpeg_of_ids[] = {
	{ .compatible = "mediatek,mt8173-jpgdec" },
	{}
};

static struct platform_driver mtk_jpeg_driver = {
	.driver = {
		.name = "mtk-jpeg",
		.of_match_table = mtk_jpeg_of_ids,
	},
};
module_platform_driver(mtk_jpeg_driver);
