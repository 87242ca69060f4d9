/*
 * WARN_ON() (include/linux/bug.h): true when @condition is, after the
 * kernel's "WARNING: ... at FUNCTION" line in the current machine's log.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/types.h>

void __warn(const char *func);

#define WARN_ON(condition) ({						\
	bool __ret_warn_on = !!(condition);				\
	if (__ret_warn_on)						\
		__warn(__func__);					\
	__ret_warn_on;							\
})

#endif
