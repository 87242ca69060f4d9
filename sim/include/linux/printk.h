/*
 * The kernel log without a device (include/linux/printk.h): pr_err() and
 * friends print to the current machine's log (sim/current.h), each line
 * through the file's pr_fmt().
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <sim/printk.h>

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* printk() to the current machine; nothing without one. */
int _printk(const char *fmt, ...) __printf(1, 2);

#define pr_err(fmt, ...)	_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)						\
	do {								\
		if (0)							\
			_printk(pr_fmt(fmt), ##__VA_ARGS__);		\
	} while (0)

#endif
