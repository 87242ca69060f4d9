/*
 * MediaTek SMI: the smi-common arbiter and the local arbiters (larbs) that
 * sit between multimedia masters and the M4U (drivers/memory/mtk-smi.c).
 * A larb cannot probe before its smi-common has.  Once the M4U driver has
 * bound it, a larb writes the M4U's port bits into its MMU_EN register
 * each time it resumes, which is when one of its masters starts work.
 */
#include <stdlib.h>

#include <sim/err.h>
#include <sim/errno.h>
#include <sim/of.h>
#include <sim/pm_runtime.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include "mtk_iommu.h"
#include "mtk_smi.h"

static int mtk_smi_common_probe(struct device *dev)
{
	struct mtk_smi_common *common = kzalloc(sizeof(*common), GFP_KERNEL);

	if (!common)
		return -ENOMEM;
	common->dev = dev;
	dev_set_drvdata(dev, common);
	return 0;
}

static void mtk_smi_common_remove(struct device *dev)
{
	free(dev_get_drvdata(dev));
}

/* Links the larb to its smi-common, which must have probed already. */
static int mtk_smi_device_link_common(struct device *dev, struct device **com_dev)
{
	struct device_node *com_node;
	struct device *com;

	com_node = of_parse_phandle(dev->of_node, "mediatek,smi", 0);
	if (!com_node)
		return -EINVAL;
	com = of_find_device_by_node(com_node);
	if (!com)
		return -EINVAL;
	/* The kernel gives no reason here; the simulator names the supplier. */
	if (!dev_get_drvdata(com)) {
		dev_err_probe(dev, -EPROBE_DEFER, "smi-common '%s' not probed yet",
			      dev_name(com));
		put_device(com);
		return -EPROBE_DEFER;
	}
	if (!device_link_add(dev, com, DL_FLAG_PM_RUNTIME | DL_FLAG_STATELESS)) {
		put_device(com);
		return -ENODEV;
	}
	/* The reference stays with the larb until it is removed. */
	*com_dev = com;
	return 0;
}

#define MT8173_SMI_LARB_MMU_EN	0xf00

static int mtk_smi_larb_probe(struct device *dev)
{
	struct mtk_smi_larb *larb;
	int ret;

	larb = kzalloc(sizeof(*larb), GFP_KERNEL);
	if (!larb)
		return -ENOMEM;
	larb->dev = dev;
	larb->base = platform_ioremap_resource(dev, 0);
	if (IS_ERR(larb->base)) {
		ret = PTR_ERR(larb->base);
		goto out_free;
	}
	ret = mtk_smi_device_link_common(dev, &larb->smi_common_dev);
	if (ret)
		goto out_unmap;
	dev_set_drvdata(dev, larb);
	return 0;

out_unmap:
	iounmap(larb->base);
out_free:
	free(larb);
	return ret;
}

static void mtk_smi_larb_remove(struct device *dev)
{
	struct mtk_smi_larb *larb = dev_get_drvdata(dev);

	device_link_remove(dev, larb->smi_common_dev);
	put_device(larb->smi_common_dev);
	iounmap(larb->base);
	free(larb);
}

void mtk_smi_larb_bind(struct device *larbdev, u32 *mmu)
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

/* mt8173's config_port: the whole port mask in one register. */
static int mtk_smi_larb_resume(struct device *dev)
{
	struct mtk_smi_larb *larb = dev_get_drvdata(dev);

	if (larb->mmu)
		writel(*larb->mmu, larb->base + MT8173_SMI_LARB_MMU_EN);
	return 0;
}

static const struct dev_pm_ops mtk_smi_larb_pm = {
	.runtime_resume = mtk_smi_larb_resume,
};

static const char *const mtk_smi_common_ids[] = {
	"mediatek,mt8173-smi-common",
	NULL
};

static const char *const mtk_smi_larb_ids[] = {
	"mediatek,mt8173-smi-larb",
	NULL
};

const struct device_driver mtk_smi_common_driver = {
	.name = "mtk-smi-common",
	.bus = &platform_bus_type,
	.of_match = mtk_smi_common_ids,
	.probe = mtk_smi_common_probe,
	.remove = mtk_smi_common_remove,
};

const struct device_driver mtk_smi_larb_driver = {
	.name = "mtk-smi-larb",
	.bus = &platform_bus_type,
	.of_match = mtk_smi_larb_ids,
	.probe = mtk_smi_larb_probe,
	.remove = mtk_smi_larb_remove,
	.pm = &mtk_smi_larb_pm,
};
