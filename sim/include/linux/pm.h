/*
 * A driver's power-management callbacks (include/linux/pm.h); struct
 * dev_pm_ops is in sim/pm_runtime.h, with the runtime callbacks only.
 */
#ifndef _LINUX_PM_H
#define _LINUX_PM_H

#include <sim/pm_runtime.h>

#define SET_RUNTIME_PM_OPS(suspend_fn, resume_fn, idle_fn)		\
	.runtime_suspend = suspend_fn,					\
	.runtime_resume = resume_fn,

#endif
