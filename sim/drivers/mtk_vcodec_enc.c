/*
 * The mt8173 video encoders' driver (6.1's
 * drivers/media/platform/mediatek/vcodec/mtk_vcodec_enc_drv.c), as far as
 * the IOMMU sees it: the H.264 and the VP8 encoder.
 * It has no probe of its own: binding needs nothing but working DMA,
 * which the driver core sets up (or defers) before it binds.
 */
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_vcodec_enc_of_ids[] = {
	{ .compatible = "mediatek,mt8173-vcodec-enc" },
	{ .compatible = "mediatek,mt8173-vcodec-enc-vp8" },
	{}
};

static struct platform_driver mtk_vcodec_enc_driver = {
	.driver = {
		.name = "mtk-vcodec-enc",
		.of_match_table = mtk_vcodec_enc_of_ids,
	},
};
module_platform_driver(mtk_vcodec_enc_driver);
