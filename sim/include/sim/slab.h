/*
 * The simulated kernel's kmalloc() family (include/linux/slab.h).  Every
 * allocation in sim/ that stands for one the kernel makes goes through
 * these, so that `set fail.alloc N` can fail the Nth of them as the
 * kernel's fail-nth fails the Nth slab allocation of a task
 * (fault-inject.h).  They return NULL when out of host memory too.
 *
 * @sim is the machine whose allocation this is; NULL (a unit test building
 * a structure without a machine) is never failed on purpose.  Memory from
 * here is released with free(); krealloc() leaves the old block alone when
 * it fails.  The caller's function name goes into the fault-injection
 * report, in place of the kernel's stack dump.
 */
#ifndef SIM_SLAB_H
#define SIM_SLAB_H

#include <stddef.h>

#include <sim/types.h>

struct sim;

void *__kmalloc(struct sim *sim, size_t size, bool zero, const char *caller);
void *__kcalloc(struct sim *sim, size_t n, size_t size, const char *caller);
void *__krealloc(struct sim *sim, void *p, size_t size, const char *caller);
char *__kstrndup(struct sim *sim, const char *s, size_t max, const char *caller);
char *__kasprintf(struct sim *sim, const char *caller, const char *fmt, ...)
	__printf(3, 4);

#define kmalloc(sim, size)	__kmalloc(sim, size, false, __func__)
#define kzalloc(sim, size)	__kmalloc(sim, size, true, __func__)
/* Zeroed, and NULL if @n * @size overflows. */
#define kcalloc(sim, n, size)	__kcalloc(sim, n, size, __func__)
#define krealloc(sim, p, size)	__krealloc(sim, p, size, __func__)
#define kstrdup(sim, s)		__kstrndup(sim, s, (size_t)-1, __func__)
#define kstrndup(sim, s, max)	__kstrndup(sim, s, max, __func__)
#define kasprintf(sim, ...)	__kasprintf(sim, __func__, __VA_ARGS__)

#endif
