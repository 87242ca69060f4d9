/*
 * What the grammar (grammar.c) takes from its surroundings, one half per
 * side.  The grammar uses only what the kernel also has: the types, the
 * string functions, snprintf and vsnprintf, and the errno values.
 */
#ifndef GRAMMAR_COMPAT_H
#define GRAMMAR_COMPAT_H

#ifdef __KERNEL__
/* iommu_lab.ko (kernel-lab/lab_grammar.c) */
#include <linux/errno.h>	/* EINVAL, ERANGE */
#include <linux/kernel.h>	/* snprintf, vsnprintf */
#include <linux/stdarg.h>	/* va_list */
#include <linux/string.h>	/* strlen, strchr, strcspn, memcpy, ... */
#include <linux/types.h>	/* bool, size_t, uint32_t, uint64_t, int64_t */
#else
/* the console, its tests and fuzz targets */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#endif

#endif
