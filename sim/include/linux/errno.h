/*
 * Kernel error numbers (include/linux/errno.h), the kernel-internal ones
 * (EPROBE_DEFER) included; sim/errno.h has them.  The C library's headers
 * include the user-space <linux/errno.h> this one shadows: it comes first.
 */
#ifndef _SIM_LINUX_ERRNO_H
#define _SIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#include <sim/errno.h>

#endif
