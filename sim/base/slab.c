/*
 * kmalloc() and friends over the host's allocator, each first asking the
 * current machine's fault injection whether this one is to fail.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/fault-inject.h>
#include <sim/slab.h>

void *__kmalloc(size_t size, gfp_t flags, bool zero, const char *caller)
{
	(void)flags;
	if (should_failslab(sim_current(), caller))
		return NULL;
	return zero ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
}

void *__kcalloc(size_t n, size_t size, gfp_t flags, const char *caller)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return __kmalloc(n * size, flags, true, caller);
}

void *__krealloc(void *p, size_t size, gfp_t flags, const char *caller)
{
	(void)flags;
	if (should_failslab(sim_current(), caller))
		return NULL;
	return realloc(p, size ? size : 1);
}

char *__kstrndup(const char *s, size_t max, gfp_t flags, const char *caller)
{
	(void)flags;
	if (should_failslab(sim_current(), caller))
		return NULL;
	return strndup(s, max);
}

char *__kasprintf(gfp_t flags, const char *caller, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	(void)flags;
	if (should_failslab(sim_current(), caller))
		return NULL;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}
