/*
 * WARN_ON() (include/linux/bug.h): true when @condition is, after the
 * kernel's "WARNING: CPU: 0 PID: 1 at FILE:LINE FUNCTION" report in the
 * current machine's log (sim/base/printk.c says what the fields are).
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/types.h>

void __warn(const char *file, int line, const char *func);

#define WARN_ON(condition) ({						\
	bool __ret_warn_on = !!(condition);				\
	if (__ret_warn_on)						\
		__warn(__FILE__, __LINE__, __func__);			\
	__ret_warn_on;							\
})

#endif
