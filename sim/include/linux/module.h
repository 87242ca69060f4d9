/*
 * Modules (include/linux/module.h).  The simulator's drivers are built
 * in: THIS_MODULE is NULL, as it is for built-in code in the kernel, and
 * module_init()/module_exit() become the driver's row in the driver list
 * (module_driver() in sim/device.h).
 */
#ifndef _SIM_LINUX_MODULE_H
#define _SIM_LINUX_MODULE_H

#include <linux/device.h>

struct module;

#define THIS_MODULE	((struct module *)0)

#endif
