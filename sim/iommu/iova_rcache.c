/*
 * The IOVA range caches of Linux 6.1 (the magazine half of
 * drivers/iommu/iova.c): freed ranges of the cached sizes stay allocated in
 * the tree and wait in a cache, one bin per order, until an allocation of
 * that order takes them back.
 *
 * A bin has, per CPU, a loaded magazine and a spare one ("prev"), stacks
 * of IOVA_MAG_SIZE pfns each, and shares a depot of up to MAX_GLOBAL_MAGS
 * full magazines.  Freeing pushes onto the loaded magazine; when it is
 * full the two swap if the spare has room, else the full one goes to the
 * depot (or, the depot being full, its ranges go back to the tree) and an
 * empty one is loaded.  Allocating mirrors that: the loaded magazine, else
 * the spare swapped in, else a full magazine from the depot in place of
 * the empty loaded one.  One CPU is simulated, and nothing is locked.
 *
 * Departure: 6.1 oopses when the fast calls meet a domain whose caches
 * were never set up; here they go straight to the tree.
 */
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/iova.h>
#include <sim/slab.h>

#define BITS_PER_LONG	((unsigned int)(sizeof(long) * 8))

struct iova_magazine {
	unsigned long size;
	unsigned long pfns[IOVA_MAG_SIZE];
};

struct iova_cpu_rcache {
	struct iova_magazine *loaded;
	struct iova_magazine *prev;
};

struct iova_rcache {
	unsigned long depot_size;
	struct iova_magazine *depot[MAX_GLOBAL_MAGS];
	struct iova_cpu_rcache cpu;	/* the one simulated CPU's */
};

static unsigned int fls_long(unsigned long x)
{
	return x ? BITS_PER_LONG - __builtin_clzl(x) : 0;
}

/* The order of the smallest power of two not below @n; 0 for 0 and 1. */
static unsigned int order_base_2(unsigned long n)
{
	return n > 1 ? fls_long(n - 1) : 0;
}

unsigned long iova_rcache_range(void)
{
	return SZ_4K << (IOVA_RANGE_CACHE_MAX_SIZE - 1);
}

static struct iova_magazine *iova_magazine_alloc(struct iova_domain *iovad)
{
	return kzalloc(sizeof(struct iova_magazine), GFP_KERNEL);
}

/* Gives every range in @mag back to the tree and empties it. */
static void iova_magazine_free_pfns(struct iova_magazine *mag,
				    struct iova_domain *iovad)
{
	/* A pfn no longer in the tree is skipped; the kernel WARNs. */
	for (unsigned long i = 0; i < mag->size; i++)
		free_iova(iovad, mag->pfns[i]);
	mag->size = 0;
}

/*
 * Takes a pfn at or below @limit_pfn: the one nearest the top of the stack,
 * whose slot then gets the top entry.  Returns 0 if none is that low.
 */
static unsigned long iova_magazine_pop(struct iova_magazine *mag,
				       unsigned long limit_pfn)
{
	unsigned long i = mag->size, pfn;

	do {
		if (!i)
			return 0;
		i--;
	} while (mag->pfns[i] > limit_pfn);
	pfn = mag->pfns[i];
	mag->pfns[i] = mag->pfns[--mag->size];
	return pfn;
}

static void iova_magazine_push(struct iova_magazine *mag, unsigned long pfn)
{
	mag->pfns[mag->size++] = pfn;
}

int iova_domain_init_rcaches(struct iova_domain *iovad)
{
	struct iova_rcache *rcache;

	iovad->rcaches = kcalloc(IOVA_RANGE_CACHE_MAX_SIZE,
				 sizeof(*iovad->rcaches), GFP_KERNEL);
	if (!iovad->rcaches)
		return -ENOMEM;
	for (int i = 0; i < IOVA_RANGE_CACHE_MAX_SIZE; i++) {
		rcache = &iovad->rcaches[i];
		rcache->cpu.loaded = iova_magazine_alloc(iovad);
		rcache->cpu.prev = iova_magazine_alloc(iovad);
		if (!rcache->cpu.loaded || !rcache->cpu.prev) {
			iova_domain_free_rcaches(iovad);
			return -ENOMEM;
		}
	}
	return 0;
}

void iova_domain_free_rcaches(struct iova_domain *iovad)
{
	struct iova_rcache *rcache;

	for (int i = 0; i < IOVA_RANGE_CACHE_MAX_SIZE; i++) {
		rcache = &iovad->rcaches[i];
		free(rcache->cpu.loaded);
		free(rcache->cpu.prev);
		for (unsigned long j = 0; j < rcache->depot_size; j++)
			free(rcache->depot[j]);
	}
	free(iovad->rcaches);
	iovad->rcaches = NULL;
}

/* Caches @pfn in @rcache; false if no magazine can take it. */
static bool __iova_rcache_insert(struct iova_domain *iovad,
				 struct iova_rcache *rcache, unsigned long pfn)
{
	struct iova_cpu_rcache *cpu = &rcache->cpu;
	struct iova_magazine *spare, *overflow = NULL;

	if (cpu->loaded->size == IOVA_MAG_SIZE) {
		if (cpu->prev->size < IOVA_MAG_SIZE) {
			spare = cpu->prev;
			cpu->prev = cpu->loaded;
			cpu->loaded = spare;
		} else {
			spare = iova_magazine_alloc(iovad);
			if (!spare)
				return false;
			if (rcache->depot_size < MAX_GLOBAL_MAGS)
				rcache->depot[rcache->depot_size++] = cpu->loaded;
			else
				overflow = cpu->loaded;
			cpu->loaded = spare;
		}
	}
	iova_magazine_push(cpu->loaded, pfn);

	if (overflow) {
		iova_magazine_free_pfns(overflow, iovad);
		free(overflow);
	}
	return true;
}

static bool iova_rcache_insert(struct iova_domain *iovad, unsigned long pfn,
			       unsigned long size)
{
	unsigned int order = order_base_2(size);

	if (!iovad->rcaches || order >= IOVA_RANGE_CACHE_MAX_SIZE)
		return false;
	return __iova_rcache_insert(iovad, &iovad->rcaches[order], pfn);
}

/* Takes a cached pfn at or below @limit_pfn from @rcache, or returns 0. */
static unsigned long __iova_rcache_get(struct iova_rcache *rcache,
				       unsigned long limit_pfn)
{
	struct iova_cpu_rcache *cpu = &rcache->cpu;
	struct iova_magazine *empty;

	if (!cpu->loaded->size) {
		if (cpu->prev->size) {
			empty = cpu->loaded;
			cpu->loaded = cpu->prev;
			cpu->prev = empty;
		} else if (rcache->depot_size) {
			free(cpu->loaded);
			cpu->loaded = rcache->depot[--rcache->depot_size];
		} else {
			return 0;
		}
	}
	return iova_magazine_pop(cpu->loaded, limit_pfn);
}

/*
 * A cached range of @size granules that ends below @limit_pfn (exclusive),
 * or 0.  As in 6.1 the bound is limit_pfn - size, unsigned.
 */
static unsigned long iova_rcache_get(struct iova_domain *iovad, unsigned long size,
				     unsigned long limit_pfn)
{
	unsigned int order = order_base_2(size);

	if (!iovad->rcaches || order >= IOVA_RANGE_CACHE_MAX_SIZE)
		return 0;
	return __iova_rcache_get(&iovad->rcaches[order], limit_pfn - size);
}

/* Gives the ranges in the CPU's magazines back to the tree. */
static void free_cpu_cached_iovas(struct iova_domain *iovad)
{
	for (int i = 0; i < IOVA_RANGE_CACHE_MAX_SIZE; i++) {
		iova_magazine_free_pfns(iovad->rcaches[i].cpu.loaded, iovad);
		iova_magazine_free_pfns(iovad->rcaches[i].cpu.prev, iovad);
	}
}

/* Gives the ranges in the depots back to the tree and frees the magazines. */
static void free_global_cached_iovas(struct iova_domain *iovad)
{
	struct iova_rcache *rcache;

	for (int i = 0; i < IOVA_RANGE_CACHE_MAX_SIZE; i++) {
		rcache = &iovad->rcaches[i];
		for (unsigned long j = 0; j < rcache->depot_size; j++) {
			iova_magazine_free_pfns(rcache->depot[j], iovad);
			free(rcache->depot[j]);
		}
		rcache->depot_size = 0;
	}
}

unsigned long alloc_iova_fast(struct iova_domain *iovad, unsigned long size,
			      unsigned long limit_pfn, bool flush_rcache)
{
	struct iova *iova;
	unsigned long pfn;

	if (!size)
		return 0;
	/*
	 * A range cached by the order of its size must be big enough for
	 * any size of that order, so the smaller cached sizes are rounded
	 * up.  The largest cached size is left alone, as in 6.1.
	 */
	if (size < BIT(IOVA_RANGE_CACHE_MAX_SIZE - 1))
		size = 1UL << fls_long(size - 1);

	pfn = iova_rcache_get(iovad, size, limit_pfn + 1);
	if (pfn)
		return pfn;

	for (;;) {
		iova = alloc_iova(iovad, size, limit_pfn, true);
		if (iova)
			return iova->pfn_lo;
		if (!flush_rcache || !iovad->rcaches)
			return 0;
		flush_rcache = false;
		free_cpu_cached_iovas(iovad);
		free_global_cached_iovas(iovad);
	}
}

void free_iova_fast(struct iova_domain *iovad, unsigned long pfn, unsigned long size)
{
	if (!iova_rcache_insert(iovad, pfn, size))
		free_iova(iovad, pfn);
}

int sim_iova_rcache_stat(struct iova_domain *iovad, unsigned int order,
			 struct sim_iova_rcache_stat *st)
{
	struct iova_rcache *rcache;

	if (!iovad->rcaches || order >= IOVA_RANGE_CACHE_MAX_SIZE)
		return -EINVAL;
	rcache = &iovad->rcaches[order];
	st->loaded = rcache->cpu.loaded->size;
	st->prev = rcache->cpu.prev->size;
	st->depot = rcache->depot_size;
	return 0;
}

const unsigned long *sim_iova_rcache_mag(struct iova_domain *iovad, unsigned int order,
					 unsigned int which, unsigned long *size)
{
	struct iova_rcache *rcache;
	struct iova_magazine *mag;

	if (!iovad->rcaches || order >= IOVA_RANGE_CACHE_MAX_SIZE)
		return NULL;
	rcache = &iovad->rcaches[order];
	if (which == 0)
		mag = rcache->cpu.loaded;
	else if (which == 1)
		mag = rcache->cpu.prev;
	else if (which - 2 < rcache->depot_size)
		mag = rcache->depot[which - 2];
	else
		return NULL;
	*size = mag->size;
	return mag->pfns;
}
