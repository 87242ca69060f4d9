/*
 * Userspace stand-ins for the kernel definitions that the grammar as
 * kernel-lab builds it (kernel-lab/lab_grammar.c, grammar/compat.h's
 * kernel half) and lab.h, for its declarations, use, so that the grammar
 * builds unchanged into a libFuzzer target.  The <linux/...> headers
 * beside this one only include it.
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

typedef uint32_t u32;
typedef uint64_t u64;
typedef uint64_t phys_addr_t;

/* The simulator's headers, which a test may include first, have this too. */
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

#endif
