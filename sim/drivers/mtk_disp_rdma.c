/*
 * The mt8173 display read DMA's driver (6.1's
 * drivers/gpu/drm/mediatek/mtk_disp_rdma.c), as far as the IOMMU sees it.
 * 6.1 registers it from mediatek-drm's module init, with the other display
 * drivers; here it is a module of its own, which `drv load` takes alone.
 * It has no probe of its own: binding needs nothing but working DMA,
 * which the driver core sets up (or defers) before it binds.
 */
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_disp_rdma_of_ids[] = {
	{ .compatible = "mediatek,mt8173-disp-rdma" },
	{}
};

static struct platform_driver mtk_disp_rdma_driver = {
	.driver = {
		.name = "mediatek-disp-rdma",
		.of_match_table = mtk_disp_rdma_of_ids,
	},
};
module_platform_driver(mtk_disp_rdma_driver);
