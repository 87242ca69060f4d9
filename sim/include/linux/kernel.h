/*
 * The kernel's everyday helpers (include/linux/kernel.h): ARRAY_SIZE(),
 * container_of(), ALIGN(), the 32-bit halves, the limits.  The C
 * library's headers include the user-space <linux/kernel.h> this one
 * shadows: it comes first.
 */
#ifndef _SIM_LINUX_KERNEL_H
#define _SIM_LINUX_KERNEL_H

#include_next <linux/kernel.h>

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/types.h>

#include <sim/list.h>

#include <limits.h>		/* UINT_MAX and the rest, named as the kernel's */
#include <stdio.h>

#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))

#endif
