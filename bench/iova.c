/*
 * IOVA allocator throughput: alloc+free pairs per second with 1024 ranges
 * live, on a 32-bit limit with 4 KiB granules, once through the range
 * caches (alloc_iova_fast/free_iova_fast, as the DMA API calls them) and
 * once through the tree alone (alloc_iova/__free_iova).  Each pair frees a
 * random live range and allocates a new one in its place.  Sizes run from
 * 1 to 256 pages, each power-of-two order equally likely (so most of them
 * are too big for the caches, which stop at 32); the sequence comes from a
 * fixed LCG, the same on every run.
 */
#include <stdio.h>

#include <sim/iova.h>

#include "bench.h"

#define LIVE		1024
#define PAIRS		2000000
#define LIMIT_PFN	0xfffffUL	/* a 32-bit device */

struct slot {
	unsigned long pfn;
	unsigned long size;
	struct iova *iova;		/* the plain path's */
};

static struct slot slots[LIVE];

static u32 lcg_next(u32 *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* 1..256 pages: an order 0..8, then a size in (2^(order-1), 2^order]. */
static unsigned long random_size(u32 *state)
{
	unsigned int order = lcg_next(state) % 9;

	if (!order)
		return 1;
	return (1UL << (order - 1)) + 1 + lcg_next(state) % (1UL << (order - 1));
}

static int slot_alloc(struct iova_domain *iovad, struct slot *slot, bool fast,
		      unsigned long size)
{
	slot->size = size;
	if (fast) {
		slot->pfn = alloc_iova_fast(iovad, size, LIMIT_PFN, true);
		return slot->pfn ? 0 : -1;
	}
	slot->iova = alloc_iova(iovad, size, LIMIT_PFN, true);
	return slot->iova ? 0 : -1;
}

static void slot_free(struct iova_domain *iovad, struct slot *slot, bool fast)
{
	if (fast)
		free_iova_fast(iovad, slot->pfn, slot->size);
	else
		__free_iova(iovad, slot->iova);
}

/* Returns 0, or -1 if an allocation failed. */
static int run(bool fast)
{
	struct iova_domain iovad;
	u32 seed = 1;
	double t0, dt;
	int ret = -1;
	long i;

	init_iova_domain(&iovad, SZ_4K, 1);
	if (fast && iova_domain_init_rcaches(&iovad))
		return -1;
	for (i = 0; i < LIVE; i++)
		if (slot_alloc(&iovad, &slots[i], fast, random_size(&seed)))
			goto out;

	t0 = bench_seconds();
	for (i = 0; i < PAIRS; i++) {
		struct slot *slot = &slots[lcg_next(&seed) % LIVE];

		slot_free(&iovad, slot, fast);
		if (slot_alloc(&iovad, slot, fast, random_size(&seed)))
			goto out;
	}
	dt = bench_seconds() - t0;
	printf("iova %-30s sizes 1-256, %d live: %6.2f M pairs/s (%5.0f ns/pair)\n",
	       fast ? "alloc_iova_fast/free_iova_fast" : "alloc_iova/__free_iova",
	       LIVE, PAIRS / dt / 1e6, dt * 1e9 / PAIRS);
	ret = 0;
out:
	put_iova_domain(&iovad);
	return ret;
}

int main(void)
{
	if (run(true) || run(false)) {
		fprintf(stderr, "iova: an allocation failed\n");
		return 1;
	}
	return 0;
}
