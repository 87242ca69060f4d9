/*
 * Compiler annotations (include/linux/compiler*.h) that the simulated
 * drivers use.  __iomem marks nothing: the simulator has no sparse.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include <sim/types.h>

#ifndef __iomem
#define __iomem
#endif
#define __maybe_unused		__attribute__((__unused__))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#endif
