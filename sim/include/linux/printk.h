/*
 * The kernel log without a device (include/linux/printk.h): pr_err() and
 * friends print to the current machine's log (sim/current.h), each line
 * through the file's pr_fmt() and at its level (KERN_ERR and the others,
 * as include/linux/kern_levels.h spells them).
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <sim/printk.h>

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* printk() to the current machine; nothing without one. */
int _printk(const char *fmt, ...) __printf(1, 2);

#define pr_err(fmt, ...)	_printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	_printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	_printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	_printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)						\
	do {								\
		if (0)							\
			_printk(pr_fmt(fmt), ##__VA_ARGS__);		\
	} while (0)

#endif
