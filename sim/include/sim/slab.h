/*
 * The simulated kernel's kmalloc() family (include/linux/slab.h), with the
 * kernel's signatures.  Every allocation in sim/ that stands for one the
 * kernel makes goes through these, so that `set fail.alloc N` can fail
 * the Nth of them as the kernel's fail-nth fails the Nth slab allocation
 * of a task (fault-inject.h).  They return NULL when out of host memory
 * too.
 *
 * The machine whose allocation it is, the one fail-nth counts for, is the
 * current one (sim/current.h); with none (a unit test building a structure
 * without a machine) nothing is failed on purpose.  Memory from here is
 * released with kfree() or free(); krealloc() leaves the old block alone
 * when it fails.  The caller's function name goes into the
 * fault-injection report, in place of the kernel's stack dump.  The
 * allocation flags only document: the simulator never sleeps.
 */
#ifndef SIM_SLAB_H
#define SIM_SLAB_H

#include <stddef.h>
#include <stdlib.h>

#include <sim/types.h>

void *__kmalloc(size_t size, gfp_t flags, bool zero, const char *caller);
void *__kcalloc(size_t n, size_t size, gfp_t flags, const char *caller);
void *__krealloc(void *p, size_t size, gfp_t flags, const char *caller);
char *__kstrndup(const char *s, size_t max, gfp_t flags, const char *caller);
char *__kasprintf(gfp_t flags, const char *caller, const char *fmt, ...)
	__printf(3, 4);

#define kmalloc(size, flags)	__kmalloc(size, flags, false, __func__)
#define kzalloc(size, flags)	__kmalloc(size, flags, true, __func__)
/* Zeroed, and NULL if @n * @size overflows. */
#define kcalloc(n, size, flags)	__kcalloc(n, size, flags, __func__)
#define krealloc(p, size, flags) __krealloc(p, size, flags, __func__)
#define kstrdup(s, flags)	__kstrndup(s, (size_t)-1, flags, __func__)
#define kstrndup(s, max, flags)	__kstrndup(s, max, flags, __func__)
#define kasprintf(flags, ...)	__kasprintf(flags, __func__, __VA_ARGS__)

static inline void kfree(const void *p)
{
	free((void *)p);
}

#endif
