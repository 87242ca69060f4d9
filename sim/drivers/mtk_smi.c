/*
 * MediaTek SMI: the smi-common arbiter and the local arbiters (larbs) that
 * sit between multimedia masters and the M4U (drivers/memory/mtk-smi.c
 * in Linux 6.1, mt8173).  A larb cannot probe before its smi-common has.
 * Once the M4U driver has bound it, a larb writes the M4U's port bits
 * into its MMU_EN register each time it resumes, which is when one of its
 * masters starts work.
 *
 * Where it differs from 6.1: no clocks, no runtime PM enabling (the
 * simulator's runtime PM needs none), the larb bound by a direct call
 * from the M4U driver instead of the component framework, and the
 * reference to the smi-common dropped at remove (6.1 keeps it forever).
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>
#include <linux/pm.h>

#include "mtk_iommu.h"
#include "mtk_smi.h"

#define MT8173_SMI_LARB_MMU_EN	0xf00

/* Links the larb to its smi-common, which must have probed already. */
static int mtk_smi_device_link_common(struct device *dev, struct device **com_dev)
{
	struct platform_device *smi_com_pdev;
	struct device_node *smi_com_node;
	struct device *smi_com_dev;
	struct device_link *link;

	smi_com_node = of_parse_phandle(dev->of_node, "mediatek,smi", 0);
	if (!smi_com_node)
		return -EINVAL;

	smi_com_pdev = of_find_device_by_node(smi_com_node);
	of_node_put(smi_com_node);
	if (!smi_com_pdev) {
		dev_err(dev, "Failed to get the smi_common device\n");
		return -EINVAL;
	}

	smi_com_dev = &smi_com_pdev->dev;
	/*
	 * smi common is the supplier: it must be ready first.  6.1 gives no
	 * reason for the deferral; the simulator names the supplier.
	 */
	if (!platform_get_drvdata(smi_com_pdev)) {
		dev_err_probe(dev, -EPROBE_DEFER, "smi-common '%s' not probed yet",
			      dev_name(smi_com_dev));
		put_device(smi_com_dev);
		return -EPROBE_DEFER;
	}
	link = device_link_add(dev, smi_com_dev, DL_FLAG_PM_RUNTIME | DL_FLAG_STATELESS);
	if (!link) {
		dev_err(dev, "Unable to link smi-common dev\n");
		put_device(smi_com_dev);
		return -ENODEV;
	}
	*com_dev = smi_com_dev;
	return 0;
}

static void mtk_smi_larb_config_port_mt8173(struct device *dev)
{
	struct mtk_smi_larb *larb = dev_get_drvdata(dev);

	writel(*larb->mmu, larb->base + MT8173_SMI_LARB_MMU_EN);
}

static const struct mtk_smi_larb_gen mtk_smi_larb_mt8173 = {
	.config_port = mtk_smi_larb_config_port_mt8173,
};

void mtk_smi_larb_bind(struct device *larbdev, unsigned int *mmu)
{
	struct mtk_smi_larb *larb = dev_get_drvdata(larbdev);

	if (larb)
		larb->mmu = mmu;
}

void mtk_smi_larb_unbind(struct device *larbdev)
{
	struct mtk_smi_larb *larb = dev_get_drvdata(larbdev);

	if (larb)
		larb->mmu = NULL;
}

static int mtk_smi_larb_probe(struct platform_device *pdev)
{
	struct mtk_smi_larb *larb;
	struct device *dev = &pdev->dev;
	int ret;

	larb = devm_kzalloc(dev, sizeof(*larb), GFP_KERNEL);
	if (!larb)
		return -ENOMEM;

	larb->larb_gen = of_device_get_match_data(dev);
	larb->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(larb->base))
		return PTR_ERR(larb->base);

	larb->smi.dev = dev;

	ret = mtk_smi_device_link_common(dev, &larb->smi_common_dev);
	if (ret < 0)
		return ret;

	platform_set_drvdata(pdev, larb);
	return 0;
}

static int mtk_smi_larb_remove(struct platform_device *pdev)
{
	struct mtk_smi_larb *larb = platform_get_drvdata(pdev);

	device_link_remove(&pdev->dev, larb->smi_common_dev);
	put_device(larb->smi_common_dev);
	return 0;
}

/* Until the M4U has bound the larb there are no port bits to write. */
static int mtk_smi_larb_resume(struct device *dev)
{
	struct mtk_smi_larb *larb = dev_get_drvdata(dev);

	if (larb->mmu)
		larb->larb_gen->config_port(dev);
	return 0;
}

static const struct dev_pm_ops smi_larb_pm_ops = {
	SET_RUNTIME_PM_OPS(NULL, mtk_smi_larb_resume, NULL)
};

static const struct of_device_id mtk_smi_larb_of_ids[] = {
	{ .compatible = "mediatek,mt8173-smi-larb", .data = &mtk_smi_larb_mt8173 },
	{}
};

static struct platform_driver mtk_smi_larb_driver = {
	.probe	= mtk_smi_larb_probe,
	.remove	= mtk_smi_larb_remove,
	.driver	= {
		.name = "mtk-smi-larb",
		.of_match_table = mtk_smi_larb_of_ids,
		.pm = &smi_larb_pm_ops,
	}
};
module_platform_driver(mtk_smi_larb_driver);

static const struct mtk_smi_common_plat mtk_smi_common_gen1 = {
	.type = MTK_SMI_GEN1,
};

static const struct of_device_id mtk_smi_common_of_ids[] = {
	{ .compatible = "mediatek,mt8173-smi-common", .data = &mtk_smi_common_gen1 },
	{}
};

static int mtk_smi_common_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct mtk_smi *common;

	common = devm_kzalloc(dev, sizeof(*common), GFP_KERNEL);
	if (!common)
		return -ENOMEM;
	common->dev = dev;
	common->plat = of_device_get_match_data(dev);

	platform_set_drvdata(pdev, common);
	return 0;
}

static struct platform_driver mtk_smi_common_driver = {
	.probe	= mtk_smi_common_probe,
	.driver	= {
		.name = "mtk-smi-common",
		.of_match_table = mtk_smi_common_of_ids,
	}
};
module_platform_driver(mtk_smi_common_driver);
