/*
 * A driver for the mt8173 display write DMA, as far as the IOMMU sees
 * it.  6.1 has none: mediatek-drm knows the engine only as a component of
 * the display path (mtk_drm_ddp_comp.c).  The lab gives it a driver, so
 * that it binds, like every other master, once its DMA is set up.
 * It has no probe of its own: binding needs nothing but working DMA,
 * which the driver core sets up (or defers) before it binds.
 */
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_disp_wdma_of_ids[] = {
	{ .compatible = "mediatek,mt8173-disp-wdma" },
	{}
};

static struct platform_driver mtk_disp_wdma_driver = {
	.driver = {
		.name = "mediatek-disp-wdma",
		.of_match_table = mtk_disp_wdma_of_ids,
	},
};
module_platform_driver(mtk_disp_wdma_driver);
