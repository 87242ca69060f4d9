/*
 * Userspace stand-ins for the kernel definitions kernel-lab's parser
 * (kernel-lab/lab_parse.c, and lab.h for its declarations) uses, so that
 * the parser builds unchanged into a libFuzzer target.  The <linux/...>
 * headers beside this one only include it.
 */
#ifndef FUZZ_KSHIM_H
#define FUZZ_KSHIM_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef uint64_t u64;

/* The simulator's headers, which a test may include first, have these too. */
#ifndef U64_MAX
#define U64_MAX		UINT64_MAX
#endif
#ifndef GFP_KERNEL
#define GFP_KERNEL	0
#endif
#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#define __user

struct list_head {
	struct list_head *next, *prev;
};

struct mutex {
	int locked;
};

static inline void *kmalloc(size_t size, int gfp)
{
	return malloc(size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

/* NULL when @n * @size overflows, as the kernel's. */
static inline void *kvmalloc_array(size_t n, size_t size, int gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return malloc(n * size);
}

static inline void kvfree(const void *p)
{
	free((void *)p);
}

#endif
