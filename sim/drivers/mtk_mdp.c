/*
 * The mt8173 media data path's driver (6.1's
 * drivers/media/platform/mediatek/mdp/mtk_mdp_core.c), as far as the
 * IOMMU sees it: one driver for the MDP's DMA engines.
 * It has no probe of its own: binding needs nothing but working DMA,
 * which the driver core sets up (or defers) before it binds.
 */
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static const struct of_device_id mtk_mdp_of_ids[] = {
	{ .compatible = "mediatek,mt8173-mdp-rdma" },
	{ .compatible = "mediatek,mt8173-mdp-wdma" },
	{ .compatible = "mediatek,mt8173-mdp-wrot" },
	{}
};

static struct platform_driver mtk_mdp_driver = {
	.driver = {
		.name = "mtk-mdp",
		.of_match_table = mtk_mdp_of_ids,
	},
};
module_platform_driver(mtk_mdp_driver);
