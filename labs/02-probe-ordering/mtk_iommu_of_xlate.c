/*
 * Lab 02, probe ordering: mtk_iommu_of_xlate(), the M4U driver's of_xlate
 * callback (drivers/iommu/mtk_iommu.c in Linux 6.1).  of_iommu_configure()
 * calls it for each "iommus" entry of a master whose driver is about to
 * probe, once the M4U has registered.  README.md says what it must do.
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
	/*
	 * TODO: the M4U's binding has one cell per entry, the port ID
	 * (larb << 5 | port).  Refuse an entry with any other count, as 6.1
	 * does, with -EINVAL.
	 */

	/*
	 * TODO: at the master's first entry only: find the M4U's platform
	 * device from args->np (of_find_device_by_node(), which takes a
	 * reference you must give back) and make its driver data the
	 * master's IOMMU data (dev_iommu_priv_set()), which probe_device and
	 * the other callbacks read back.
	 */

	/* TODO: at every entry: add its port ID to the master's fwspec. */

	return -ENODEV;
}
