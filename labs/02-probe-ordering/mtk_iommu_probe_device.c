/*
 * Lab 02, probe ordering: mtk_iommu_probe_device() and
 * mtk_iommu_release_device(), the M4U driver's probe_device and
 * release_device callbacks (drivers/iommu/mtk_iommu.c in Linux 6.1).  The
 * IOMMU core offers probe_device every device of the bus when the M4U
 * registers, and each master when of_iommu_configure() has run its
 * of_xlate; release_device undoes it.  README.md says what they must do.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_device *mtk_iommu_probe_device(struct device *dev)
{
	/*
	 * TODO: a device that is not a master of this driver's (no fwspec,
	 * or a fwspec that names other ops) is none of its business: say so
	 * with -ENODEV, the one error the core passes over.
	 */

	/*
	 * TODO: the M4U's data, as of_xlate left it (dev_iommu_priv_get()).
	 * The simulator's lab_iommu_priv_stale() (lab_compat.h) reports the
	 * oops a NULL or stale pointer would cause; call it before using the
	 * data and return -EFAULT when it says so.
	 */

	/*
	 * TODO: every port of the master must sit behind one larb
	 * (MTK_M4U_TO_LARB() of each fwspec ID): -EINVAL otherwise, and for
	 * a larb the M4U does not have (data->larb_imu[].dev).
	 */

	/*
	 * TODO: link the master (consumer) to its larb (supplier) so that
	 * runtime PM powers the larb whenever the master works; then the
	 * master is the M4U's: return its struct iommu_device.
	 */

	return ERR_PTR(-ENODEV);
}

void mtk_iommu_release_device(struct device *dev)
{
	/* TODO: undo what probe_device did to the master. */
}
