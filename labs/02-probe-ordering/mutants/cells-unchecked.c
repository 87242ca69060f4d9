/*
 * Mutant: of_xlate never looks at args->args_count and takes the first
 * cell of every entry for the port ID.  On a board whose M4U says
 * "#iommu-cells = <2>" the master is accepted with whatever the first
 * cell holds; 6.1 refuses the entry ("invalid #iommu-cells").
 * Replaces: mtk_iommu_of_xlate.c
 * Fails: bad-cells
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

	if (!dev_iommu_priv_get(dev)) {
		m4updev = of_find_device_by_node(args->np);
		if (WARN_ON(!m4updev))
			return -EINVAL;
		dev_iommu_priv_set(dev, platform_get_drvdata(m4updev));
		put_device(&m4updev->dev);
	}
	return iommu_fwspec_add_ids(dev, args->args, 1);
}
