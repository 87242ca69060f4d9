/*
 * Messages about a device (include/linux/dev_printk.h): dev_err(),
 * dev_warn(), dev_info() print a line prefixed with the driver's name
 * (else the bus's) and the device's kernel name;
 * dev_dbg() prints nothing, as without DEBUG, but checks its arguments.
 * Defined in sim/device.h.
 */
#ifndef _LINUX_DEV_PRINTK_H
#define _LINUX_DEV_PRINTK_H

#include <sim/device.h>

#define dev_dbg(dev, fmt, ...)						\
	do {								\
		if (0)							\
			dev_printk(dev, LOGLEVEL_DEBUG, fmt, ##__VA_ARGS__); \
	} while (0)

#endif
