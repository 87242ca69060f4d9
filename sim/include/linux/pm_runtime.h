/* Runtime PM (include/linux/pm_runtime.h); defined in sim/pm_runtime.h. */
#ifndef _LINUX_PM_RUNTIME_H
#define _LINUX_PM_RUNTIME_H

#include <linux/device.h>

#include <sim/pm_runtime.h>

#endif
