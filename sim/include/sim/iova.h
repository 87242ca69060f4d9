/*
 * The IOVA allocator of Linux 6.1 (include/linux/iova.h), with the kernel's
 * names: an iova_domain hands out ranges of page frames (pfns of one
 * granule each), top-down below a caller's limit, and keeps them in a
 * search tree ordered by first pfn.  alloc_iova_fast()/free_iova_fast() put
 * a per-CPU cache of recently freed ranges in front of the tree, as the
 * DMA API uses it.  One CPU is simulated and nothing is locked.
 *
 * Sizes and pfns are in granules; limit_pfn is the highest pfn a range may
 * use.  Placement matches 6.1 to the pfn; the few departures are marked in
 * the sources.
 */
#ifndef SIM_IOVA_H
#define SIM_IOVA_H

#include <stddef.h>

#include <sim/types.h>

/* pfn_lo and pfn_hi of the anchor, the sentinel range above all others. */
#define IOVA_ANCHOR			(~0UL)

/*
 * The range caches hold sizes of 2^0 .. 2^(IOVA_RANGE_CACHE_MAX_SIZE - 1)
 * granules, one bin per order.  Each bin has a CPU's two magazines of
 * IOVA_MAG_SIZE pfns (6.1 uses 127, so that a magazine with its count is
 * 1 KiB) and a depot of up to MAX_GLOBAL_MAGS full magazines.
 */
#define IOVA_RANGE_CACHE_MAX_SIZE	6
#define IOVA_MAG_SIZE			127
#define MAX_GLOBAL_MAGS			32

/*
 * A node of the domain's tree.  The kernel uses a red-black tree; this is a
 * treap whose priorities are a hash of each range's pfn_lo, so its shape
 * depends on the ranges alone and is the same on every run.  Only the
 * in-order sequence is observable.  prev threads the ranges in order, so
 * a walk down them takes one step per range.
 */
struct iova_node {
	struct iova_node *parent;
	struct iova_node *left;
	struct iova_node *right;
	struct iova_node *prev;		/* the range before, NULL for the first */
};

struct iova_root {
	struct iova_node *node;
};

/*
 * One range: granules pfn_lo..pfn_hi, both included.  It fills one 64-byte
 * slot of its domain's node slab, so a walk touches one cache line per
 * range.  gap and max_gap are kept only by the augmented allocator.
 */
struct iova {
	struct iova_node node;
	unsigned long pfn_hi;
	unsigned long pfn_lo;
	unsigned long gap;		/* free pfns between the range before and this */
	unsigned long max_gap;		/* the largest gap in this node's subtree */
};

/*
 * How alloc_iova() searches the tree.  Both place every range where 6.1
 * does.  LINEAR is 6.1's algorithm, a walk down the ranges from the cached
 * node; AUGMENTED finds the same gap from each subtree's largest gap, in
 * about log(ranges) steps, for the cost of keeping those gaps on every
 * insert, erase and rotation.
 */
enum iova_allocator {
	IOVA_ALLOCATOR_LINEAR,
	IOVA_ALLOCATOR_AUGMENTED,
};

struct iova_rcache;

struct iova_domain {
	struct iova_root rbroot;		/* every range, and the anchor */
	struct iova_node *cached_node;		/* where searches above 4 GiB start */
	struct iova_node *cached32_node;	/* where searches below it start */
	unsigned long granule;			/* bytes per pfn, a power of two */
	unsigned long start_pfn;		/* nothing is allocated below */
	unsigned long dma_32bit_pfn;		/* the first pfn at or above 4 GiB */
	unsigned long max32_alloc_size;		/* a size that failed below 4 GiB */
	struct iova anchor;
	struct iova_rcache *rcaches;		/* NULL until iova_domain_init_rcaches() */
	enum iova_allocator allocator;		/* LINEAR unless set */
	struct iova_node *free_nodes;		/* slab slots to reuse, by ->parent */
	void *node_blocks;			/* the slab's host blocks, chained */
	unsigned int block_nodes;		/* slots in the next block */
	struct sim *sim;			/* whose allocations; NULL: none's */
};

static inline struct iova *to_iova(struct iova_node *node)
{
	return (struct iova *)((char *)node - offsetof(struct iova, node));
}

static inline unsigned long iova_size(struct iova *iova)
{
	return iova->pfn_hi - iova->pfn_lo + 1;
}

static inline unsigned long iova_shift(struct iova_domain *iovad)
{
	return __builtin_ctzl(iovad->granule);
}

static inline unsigned long iova_mask(struct iova_domain *iovad)
{
	return iovad->granule - 1;
}

static inline size_t iova_offset(struct iova_domain *iovad, dma_addr_t iova)
{
	return iova & iova_mask(iovad);
}

static inline size_t iova_align(struct iova_domain *iovad, size_t size)
{
	return (size + iova_mask(iovad)) & ~iova_mask(iovad);
}

static inline dma_addr_t iova_dma_addr(struct iova_domain *iovad, struct iova *iova)
{
	return (dma_addr_t)iova->pfn_lo << iova_shift(iovad);
}

static inline unsigned long iova_pfn(struct iova_domain *iovad, dma_addr_t iova)
{
	return iova >> iova_shift(iovad);
}

/*
 * Sets up an empty domain whose ranges start at @start_pfn.  @granule must
 * be a power of two no larger than the 4 KiB page; the kernel BUG()s on
 * anything else, where this leaves the domain zeroed (granule 0), which
 * dma-iommu treats as not set up.
 * The range caches are not set up: see iova_domain_init_rcaches().
 */
void init_iova_domain(struct iova_domain *iovad, unsigned long granule,
		      unsigned long start_pfn);
/*
 * Chooses how @iovad's allocations search its tree (LINEAR after
 * init_iova_domain()).  It may change at any time: switching to AUGMENTED
 * computes every subtree's largest gap once, in one pass over the ranges.
 * A zero-length reservation (pfn_hi below pfn_lo) switches the domain back
 * to LINEAR, as no gap describes it.
 */
void iova_domain_set_allocator(struct iova_domain *iovad,
			       enum iova_allocator allocator);
/*
 * Frees the range caches (not the ranges they hold, which are still in the
 * tree), then every range but the anchor.  The domain is then empty and
 * may only be put again or re-initialised.
 */
void put_iova_domain(struct iova_domain *iovad);

/*
 * Allocates @size granules at or below @limit_pfn, as high as the search
 * from the cached node allows; with @size_aligned the first pfn is a
 * multiple of @size rounded up to a power of two.  Returns the new range,
 * owned by the domain until freed, or NULL when nothing fits (or @size is
 * 0, or there is no memory).
 */
struct iova *alloc_iova(struct iova_domain *iovad, unsigned long size,
			unsigned long limit_pfn, bool size_aligned);
/* Frees a range alloc_iova() or reserve_iova() returned. */
void __free_iova(struct iova_domain *iovad, struct iova *iova);
/* Frees the range that holds @pfn; does nothing if none does. */
void free_iova(struct iova_domain *iovad, unsigned long pfn);
/* Returns the range that holds @pfn, or NULL. */
struct iova *find_iova(struct iova_domain *iovad, unsigned long pfn);
/*
 * Keeps @pfn_lo..@pfn_hi out of allocations.  Ranges it overlaps are
 * stretched down to cover it, and only what is left above the last of them
 * gets a range of its own.  Returns the range that now ends the
 * reservation, or NULL for pfns beyond 64 address bits or no memory.
 */
struct iova *reserve_iova(struct iova_domain *iovad, unsigned long pfn_lo,
			  unsigned long pfn_hi);

/*
 * Sets up the range caches.  Returns 0, or -ENOMEM with none set up.
 */
int iova_domain_init_rcaches(struct iova_domain *iovad);
/*
 * Allocates @size granules at or below @limit_pfn, size-aligned, from the
 * range caches when they have a fitting range of @size's order, from the
 * tree otherwise.  Sizes under 2^(IOVA_RANGE_CACHE_MAX_SIZE - 1) are
 * rounded up to a power of two first.  When the tree has no room either
 * and @flush_rcache is set, every cached range goes back to the tree and
 * the tree is tried once more.  Returns the first pfn, or 0 on failure.
 */
unsigned long alloc_iova_fast(struct iova_domain *iovad, unsigned long size,
			      unsigned long limit_pfn, bool flush_rcache);
/*
 * Frees the range at @pfn of @size granules (as asked of alloc_iova_fast(),
 * rounded or not) into the range cache of its order, or to the tree when
 * the size is not cached or the cache cannot take it.
 */
void free_iova_fast(struct iova_domain *iovad, unsigned long pfn,
		    unsigned long size);
/* Bytes of the largest cached size on 4 KiB pages: 128 KiB. */
unsigned long iova_rcache_range(void);

/* In-order walk of a domain's tree; each returns NULL past the end. */
struct iova_node *iova_tree_first(struct iova_root *root);
struct iova_node *iova_tree_next(struct iova_node *node);

/* What one order's range cache holds, for tests and the console. */
struct sim_iova_rcache_stat {
	unsigned long loaded;		/* pfns in the CPU's loaded magazine */
	unsigned long prev;		/* pfns in its spare magazine */
	unsigned long depot;		/* full magazines in the depot */
};

/*
 * Fills @st for the cache of sizes 2^@order.  Returns 0, or -EINVAL when
 * @order is not cached or the domain has no caches.
 */
int sim_iova_rcache_stat(struct iova_domain *iovad, unsigned int order,
			 struct sim_iova_rcache_stat *st);
/*
 * The pfns one magazine of the cache of sizes 2^@order holds, @size of
 * them, in push order: @which 0 is the CPU's loaded magazine, 1 its spare,
 * 2 + i the depot's i-th.  NULL when there is no such magazine.
 */
const unsigned long *sim_iova_rcache_mag(struct iova_domain *iovad, unsigned int order,
					 unsigned int which, unsigned long *size);
/*
 * Checks the domain's tree: links, treap order, ranges sorted and
 * disjoint, the anchor last, both cached nodes in the tree, and with the
 * augmented allocator every gap and subtree maximum.  Returns the
 * number of ranges besides the anchor, or -EINVAL if anything is wrong.
 */
int sim_iova_domain_check(struct iova_domain *iovad);

/* Between iova.c and iova_rcache.c only: frees the caches' magazines. */
void iova_domain_free_rcaches(struct iova_domain *iovad);

#endif
