/*
 * Mutant: the port ID is added with the rest of the first entry's work,
 * inside the "no IOMMU data yet" branch, so a master's fwspec holds its
 * first port only.  Its other ports are never turned on at the larb, and a
 * master spanning two larbs looks like one on a single larb.
 * Replaces: mtk_iommu_of_xlate.c
 * Fails: two-larbs all-ports
 */
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>

#include "mtk_iommu.h"

int mtk_iommu_of_xlate(struct device *dev, struct of_phandle_args *args)
{
	struct platform_device *m4updev;

	if (args->args_count != 1)
		return -EINVAL;

	if (dev_iommu_priv_get(dev))
		return 0;

	m4updev = of_find_device_by_node(args->np);
	if (WARN_ON(!m4updev))
		return -EINVAL;
	dev_iommu_priv_set(dev, platform_get_drvdata(m4updev));
	put_device(&m4updev->dev);

	return iommu_fwspec_add_ids(dev, args->args, 1);
}
