/*
 * Devices, drivers, device links and managed resources
 * (include/linux/device.h); defined in sim/device.h.
 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/types.h>
#include <linux/dev_printk.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/pm.h>

#include <sim/device.h>

#endif
