/*
 * kmalloc() and friends over the host's allocator, each first asking the
 * machine's fault injection whether this one is to fail.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/fault-inject.h>
#include <sim/slab.h>

void *__kmalloc(struct sim *sim, size_t size, bool zero, const char *caller)
{
	if (should_failslab(sim, caller))
		return NULL;
	return zero ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
}

void *__kcalloc(struct sim *sim, size_t n, size_t size, const char *caller)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return __kmalloc(sim, n * size, true, caller);
}

void *__krealloc(struct sim *sim, void *p, size_t size, const char *caller)
{
	if (should_failslab(sim, caller))
		return NULL;
	return realloc(p, size ? size : 1);
}

char *__kstrndup(struct sim *sim, const char *s, size_t max, const char *caller)
{
	if (should_failslab(sim, caller))
		return NULL;
	return strndup(s, max);
}

char *__kasprintf(struct sim *sim, const char *caller, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (should_failslab(sim, caller))
		return NULL;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}
