/*
 * The mt8173 multimedia masters' drivers, as far as the IOMMU sees them:
 * display (OVL, RDMA, WDMA), MDP, video decode and encode, JPEG, and the
 * lab's camera ISP (mainline has no mt8173 ISP driver).  Their
 * probes need nothing but working DMA, which the driver core has set up
 * (or deferred) before calling them.
 */
#include <sim/errno.h>
#include <sim/sim.h>

#include "builtin.h"

static int mtk_mm_client_probe(struct device *dev)
{
	return 0;
}

#define MTK_MM_CLIENT(var, drvname, ...)				\
	static const char *const var##_ids[] = { __VA_ARGS__, NULL };	\
	const struct device_driver var = {				\
		.name = drvname,					\
		.bus = &platform_bus_type,				\
		.of_match = var##_ids,					\
		.probe = mtk_mm_client_probe,				\
	}

MTK_MM_CLIENT(mtk_disp_ovl_driver, "mediatek-disp-ovl", "mediatek,mt8173-disp-ovl");
MTK_MM_CLIENT(mtk_disp_rdma_driver, "mediatek-disp-rdma", "mediatek,mt8173-disp-rdma");
MTK_MM_CLIENT(mtk_disp_wdma_driver, "mediatek-disp-wdma", "mediatek,mt8173-disp-wdma");
MTK_MM_CLIENT(mtk_mdp_driver, "mtk-mdp", "mediatek,mt8173-mdp-rdma",
	      "mediatek,mt8173-mdp-wdma", "mediatek,mt8173-mdp-wrot");
MTK_MM_CLIENT(mtk_vcodec_dec_driver, "mtk-vcodec-dec", "mediatek,mt8173-vcodec-dec");
MTK_MM_CLIENT(mtk_vcodec_enc_driver, "mtk-vcodec-enc", "mediatek,mt8173-vcodec-enc",
	      "mediatek,mt8173-vcodec-enc-vp8");
MTK_MM_CLIENT(mtk_jpeg_driver, "mtk-jpeg", "mediatek,mt8173-jpgdec");
MTK_MM_CLIENT(mtk_cam_isp_driver, "mtk-cam-isp", "iommu-lab,mt8173-cam-isp");
