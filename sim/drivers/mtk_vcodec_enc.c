/*
 * The mt8173 video encoders' driver (6.1's
 * drivers/media/platform/mediatek/vcodec/mtk_vcodec_enc_drv.c), as far as
 * the IOMMU sees it: the H.264 and the VP8 encoder.
 * Binding needs nothing but working DMA, which the driver core sets up
 * (or defers) before it binds; the probe only lifts the DMA segment limit
 * to UINT_MAX, as the probe of 6.1's mtk_vcodec_enc_drv.c does, so
 * dma_map_sg() may merge a buffer into segments past the default 64 KiB.
 */
#include <linux/dma-mapping.h>
#include <linux/kernel.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_vcodec_enc_of_ids[] = {
	{ .compatible = "mediatek,mt8173-vcodec-enc" },
	{ .compatible = "mediatek,mt8173-vcodec-enc-vp8" },
	{}
};

static int mtk_vcodec_enc_probe(struct platform_device *pdev)
{
	return dma_set_max_seg_size(&pdev->dev, UINT_MAX);
}

static struct platform_driver mtk_vcodec_enc_driver = {
	.probe = mtk_vcodec_enc_probe,
	.driver = {
		.name = "mtk-vcodec-enc",
		.of_match_table = mtk_vcodec_enc_of_ids,
	},
};
module_platform_driver(mtk_vcodec_enc_driver);
