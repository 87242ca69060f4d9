/*
 * Messages about a device (drivers/base/core.c's dev_printk()): a line of
 * the device's machine's kernel log, which base keeps (sim/base/printk.c),
 * prefixed "DRIVER DEVICE: " as 6.1's dev_printk_emit() does it: the
 * driver's name, else the bus's (dev_driver_string()), then the device's
 * kernel name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <sim/device.h>
#include <sim/printk.h>

static void dev_vprintk(const struct device *dev, int level, bool fault,
			const char *fmt, va_list ap)
{
	char *prefix;

	if (asprintf(&prefix, "%s %s: ",
		     dev->driver ? dev->driver->name : dev->bus->name,
		     dev_kernel_name(dev)) < 0)
		return;
	sim_vprintk(dev->sim, level, fault, prefix, fmt, ap);
	free(prefix);
}

void dev_printk(const struct device *dev, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dev_vprintk(dev, level, false, fmt, ap);
	va_end(ap);
}

void dev_err_fault(const struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dev_vprintk(dev, LOGLEVEL_ERR, true, fmt, ap);
	va_end(ap);
}
