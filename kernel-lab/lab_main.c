// SPDX-License-Identifier: GPL-2.0
/*
 * iommu_lab.ko: kernel-lab's module.  It runs the iommu-lab console's
 * commands against the real IOMMU core and dma-iommu, through
 * /sys/kernel/debug/iommu-lab/cmd (lab_debugfs.c), so that a lab script
 * can be compared line by line with the simulator.  Two configurations:
 *  - VT-d: it binds QEMU's edu device behind the real intel-iommu (the
 *    simulator's q35-vtd board);
 *  - the software M4U: where no IOMMU driver has the platform bus, it
 *    makes the devices of the kernel-lab-m4u board for iommu_lab_m4u.ko,
 *    an M4U-like IOMMU driver, to drive.
 * Unloading unmaps everything it mapped and removes everything it made,
 * after which iommu_lab_m4u.ko can be unloaded too.
 */
#include <linux/module.h>

#include "lab.h"

DEFINE_MUTEX(lab_lock);

static int __init lab_init(void)
{
	int ret;

	ret = lab_out_init();
	if (ret)
		return ret;
	ret = lab_trace_init();
	if (ret)
		goto out_release_out;
	ret = lab_edu_register();
	if (ret)
		goto out_release_trace;
	mutex_lock(&lab_lock);
	ret = lab_m4u_init();
	mutex_unlock(&lab_lock);
	if (ret)
		goto out_unregister_edu;
	ret = lab_debugfs_init();
	if (ret)
		goto out_release_m4u;
	return 0;

out_release_m4u:
	mutex_lock(&lab_lock);
	lab_m4u_release();
	mutex_unlock(&lab_lock);
out_unregister_edu:
	lab_edu_unregister();
out_release_trace:
	lab_trace_release();
out_release_out:
	lab_out_release();
	return ret;
}

static void __exit lab_exit(void)
{
	/* No new command can start once the file is gone. */
	lab_debugfs_release();
	mutex_lock(&lab_lock);
	lab_m4u_release();
	mutex_unlock(&lab_lock);
	lab_edu_unregister();
	mutex_lock(&lab_lock);
	lab_dma_forget(NULL);
	mutex_unlock(&lab_lock);
	lab_trace_release();
	lab_out_release();
}

module_init(lab_init);
module_exit(lab_exit);

MODULE_DESCRIPTION("iommu-lab: console commands on the real IOMMU core (kernel-lab)");
MODULE_LICENSE("GPL");
