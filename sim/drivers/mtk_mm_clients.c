/*
 * The mt8173 multimedia masters' drivers, as far as the IOMMU sees them:
 * display (OVL, RDMA, WDMA), MDP, video decode and encode, JPEG, and the
 * lab's camera ISP (mainline has no mt8173 ISP driver).  Their probes
 * need nothing but working DMA, which the driver core has set up (or
 * deferred) before calling them.
 */
#include <linux/module.h>
#include <linux/platform_device.h>

static int mtk_mm_client_probe(struct platform_device *pdev)
{
	return 0;
}

/* A client driver @var named @drvname for the of_device_id entries given. */
#define MTK_MM_CLIENT(var, drvname, ...)				\
	static const struct of_device_id var##_of_ids[] = {		\
		__VA_ARGS__,						\
		{}							\
	};								\
	static struct platform_driver var = {				\
		.probe = mtk_mm_client_probe,				\
		.driver = {						\
			.name = drvname,				\
			.of_match_table = var##_of_ids,			\
		},							\
	};								\
	module_platform_driver(var)

MTK_MM_CLIENT(mtk_disp_ovl_driver, "mediatek-disp-ovl",
	      { .compatible = "mediatek,mt8173-disp-ovl" });
MTK_MM_CLIENT(mtk_disp_rdma_driver, "mediatek-disp-rdma",
	      { .compatible = "mediatek,mt8173-disp-rdma" });
MTK_MM_CLIENT(mtk_disp_wdma_driver, "mediatek-disp-wdma",
	      { .compatible = "mediatek,mt8173-disp-wdma" });
MTK_MM_CLIENT(mtk_mdp_driver, "mtk-mdp",
	      { .compatible = "mediatek,mt8173-mdp-rdma" },
	      { .compatible = "mediatek,mt8173-mdp-wdma" },
	      { .compatible = "mediatek,mt8173-mdp-wrot" });
MTK_MM_CLIENT(mtk_vcodec_dec_driver, "mtk-vcodec-dec",
	      { .compatible = "mediatek,mt8173-vcodec-dec" });
MTK_MM_CLIENT(mtk_vcodec_enc_driver, "mtk-vcodec-enc",
	      { .compatible = "mediatek,mt8173-vcodec-enc" },
	      { .compatible = "mediatek,mt8173-vcodec-enc-vp8" });
MTK_MM_CLIENT(mtk_jpeg_driver, "mtk-jpeg",
	      { .compatible = "mediatek,mt8173-jpgdec" });
MTK_MM_CLIENT(mtk_cam_isp_driver, "mtk-cam-isp",
	      { .compatible = "iommu-lab,mt8173-cam-isp" });
