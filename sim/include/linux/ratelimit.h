/*
 * Rate limiting (include/linux/ratelimit.h); the state and its clock are
 * in sim/printk.h.  __ratelimit() counts against the current machine's
 * virtual time and prints its "callbacks suppressed" line there.
 */
#ifndef _LINUX_RATELIMIT_H
#define _LINUX_RATELIMIT_H

#include <sim/printk.h>

#endif
