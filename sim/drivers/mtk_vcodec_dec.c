/*
 * The mt8173 video decoder's driver (6.1's
 * drivers/media/platform/mediatek/vcodec/mtk_vcodec_dec_drv.c), as far as
 * the IOMMU sees it.
 * It has no probe of its own: binding needs nothing but working DMA,
 * which the driver core sets up (or defers) before it binds.
 */
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_vcodec_dec_of_ids[] = {
	{ .compatible = "mediatek,mt8173-vcodec-dec" },
	{}
};

static struct platform_driver mtk_vcodec_dec_driver = {
	.driver = {
		.name = "mtk-vcodec-dec",
		.of_match_table = mtk_vcodec_dec_of_ids,
	},
};
module_platform_driver(mtk_vcodec_dec_driver);
