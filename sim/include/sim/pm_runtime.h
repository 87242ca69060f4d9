/*
 * Runtime power management, as much of it as the M4U path needs: usage
 * counts, suppliers resumed first through DL_FLAG_PM_RUNTIME device links,
 * and the driver's runtime_resume/runtime_suspend callbacks.  A device
 * starts suspended.
 */
#ifndef SIM_PM_RUNTIME_H
#define SIM_PM_RUNTIME_H

#include <stdbool.h>

struct device;

struct dev_pm_ops {
	int (*runtime_suspend)(struct device *dev);
	int (*runtime_resume)(struct device *dev);
};

/*
 * Takes a usage reference and resumes @dev (suppliers first) if it was
 * suspended.  Returns 0 or the resume error; the reference is kept either
 * way, as the kernel's does.
 */
int pm_runtime_get_sync(struct device *dev);
/* Drops a reference; the last one suspends @dev, then its suppliers. */
void pm_runtime_put(struct device *dev);

#endif
