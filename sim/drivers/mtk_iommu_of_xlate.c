/*
 * mtk_iommu's of_xlate, a callback a lab may ask for: one "iommus" cell
 * of a master, which of_iommu_configure() hands over when the master's
 * driver is about to probe.  The first cell makes the M4U's data the
 * master's IOMMU data; every cell adds its port ID to the master's
 * fwspec.  The M4U has one cell per port: anything else is refused.
 *
 * kernel-lab's module, on x86's 6.1, which has no device tree, leaves
 * this file out and takes kernel-lab/lab_m4u_of.c's of_xlate instead.
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

	if (args->args_count != 1) {
		dev_err(dev, "invalid #iommu-cells(%d) property for IOMMU\n",
			args->args_count);
		trace_mtk_iommu_of_xlate_cells(dev, args->args_count);
		return -EINVAL;
	}

	if (!dev_iommu_priv_get(dev)) {
		/* the M4U named by the cell's phandle */
		m4updev = of_find_device_by_node(args->np);
		if (WARN_ON(!m4updev))
			return -EINVAL;

		dev_iommu_priv_set(dev, platform_get_drvdata(m4updev));

		put_device(&m4updev->dev);
	}

	trace_mtk_iommu_of_xlate(dev, args->args[0]);
	return iommu_fwspec_add_ids(dev, args->args, 1);
}
