/*
 * Reference counts.  The last kref_put() calls the release function, which
 * frees the object that embeds the kref.
 */
#ifndef SIM_KREF_H
#define SIM_KREF_H

#include <stdbool.h>

struct kref {
	unsigned int refcount;
};

static inline void kref_init(struct kref *kref)
{
	kref->refcount = 1;
}

static inline void kref_get(struct kref *kref)
{
	kref->refcount++;
}

/* Drops a reference; returns true when it was the last and @release ran. */
static inline bool kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	if (--kref->refcount == 0) {
		release(kref);
		return true;
	}
	return false;
}

#endif
