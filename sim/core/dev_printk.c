/*
 * Messages about a device (drivers/base/core.c's dev_printk()): a line of
 * the device's machine's kernel log, which base keeps (sim/base/printk.c),
 * starting with the name of the device's driver.
 */
#include <stdarg.h>
#include <stdio.h>

#include <sim/device.h>
#include <sim/printk.h>

static void dev_vprintk(const struct device *dev, bool fault, const char *fmt,
			va_list ap)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "%s: ",
		 dev->driver ? dev->driver->name : dev_name(dev));
	sim_vprintk(dev->sim, fault, prefix, fmt, ap);
}

void dev_printk(const struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dev_vprintk(dev, false, fmt, ap);
	va_end(ap);
}

void dev_err_fault(const struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dev_vprintk(dev, true, fmt, ap);
	va_end(ap);
}
