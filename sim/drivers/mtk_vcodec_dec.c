/*
 * The mt8173 video decoder's driver (6.1's
 * drivers/media/platform/mediatek/vcodec/mtk_vcodec_dec_drv.c), as far as
 * the IOMMU sees it.
 * Binding needs nothing but working DMA, which the driver core sets up
 * (or defers) before it binds; the probe only lifts the DMA segment limit
 * to UINT_MAX, as the probe of 6.1's mtk_vcodec_dec_drv.c does, so
 * dma_map_sg() may merge a buffer into segments past the default 64 KiB.
 */
#include <linux/dma-mapping.h>
#include <linux/kernel.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_vcodec_dec_of_ids[] = {
	{ .compatible = "mediatek,mt8173-vcodec-dec" },
	{}
};

static int mtk_vcodec_dec_probe(struct platform_device *pdev)
{
	return dma_set_max_seg_size(&pdev->dev, UINT_MAX);
}

static struct platform_driver mtk_vcodec_dec_driver = {
	.probe = mtk_vcodec_dec_probe,
	.driver = {
		.name = "mtk-vcodec-dec",
		.of_match_table = mtk_vcodec_dec_of_ids,
	},
};
module_platform_driver(mtk_vcodec_dec_driver);
