/*
 * Mutant: of_xlate checks the entry and records the port ID, but never
 * makes the M4U's data the master's IOMMU data: it only finds the M4U.
 * probe_device then reads NULL from dev_iommu_priv_get() (an oops in 6.1,
 * reported by the simulator), the core gives the master up, and it runs
 * with direct DMA.  A master whose entry is refused never gets that far.
 * Replaces: mtk_iommu_of_xlate.c
 * Fails: m4u-first masters-first larb-link two-larbs orders larb-power all-ports missing-larb release
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

	m4updev = of_find_device_by_node(args->np);
	if (WARN_ON(!m4updev))
		return -EINVAL;
	put_device(&m4updev->dev);

	return iommu_fwspec_add_ids(dev, args->args, 1);
}
