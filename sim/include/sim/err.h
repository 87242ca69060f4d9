/*
 * Error values carried inside pointers, as the kernel's include/linux/err.h
 * does it: the top 4095 addresses are never valid pointers.
 */
#ifndef SIM_ERR_H
#define SIM_ERR_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_ERRNO	4095

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR_VALUE(uintptr_t x)
{
	return x >= (uintptr_t)-MAX_ERRNO;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((uintptr_t)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

#endif
