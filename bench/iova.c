/*
 * IOVA allocator throughput, the linear allocator (6.1's walk) against the
 * augmented one, on the peer benchmark's IOVA workloads: ns per free+alloc
 * pair with a set of ranges live, 4 KiB granules, start_pfn 1.  Each pair
 * frees a random live range and allocates one of a random size in its
 * place, through the range caches (alloc_iova_fast/free_iova_fast, as the
 * DMA API calls them: "fast") or the tree alone (alloc_iova size-aligned
 * and __free_iova: "aligned").  A size is a power-of-two order up to the
 * workload's largest, each equally likely, then a size in that order; the
 * sequence comes from a fixed LCG, the same on every run.
 *
 * The two allocators run alternately, IOVA_BENCH_ROUNDS times each (5 by
 * default); it prints min and median ns per pair, linear / augmented of
 * the medians, and whether both placed every range alike (a checksum of
 * every pfn returned).
 */
#include <stdio.h>
#include <stdlib.h>

#include <sim/iova.h>

#include "bench.h"

#define LIMIT_32BIT	0xfffffUL	/* a 32-bit device */
#define LIMIT_40BIT	0xfffffffUL	/* room for 16384 ranges of up to 1 MiB */
#define MAX_ROUNDS	31

struct workload {
	const char *name;
	bool fast;
	unsigned long live, max_size, limit_pfn;
	long pairs;
};

static const struct workload workloads[] = {
	{ "fast, sizes 1-256, 1024 live", true, 1024, 256, LIMIT_32BIT, 400000 },
	{ "fast, sizes 1-8, 1024 live", true, 1024, 8, LIMIT_32BIT, 800000 },
	{ "fast, sizes 1-256, 16384 live", true, 16384, 256, LIMIT_40BIT, 100000 },
	{ "aligned, sizes 1-256, 1024 live", false, 1024, 256, LIMIT_32BIT, 400000 },
	{ "aligned, sizes 1-256, 16384 live", false, 16384, 256, LIMIT_40BIT, 50000 },
};

struct slot {
	unsigned long pfn;		/* 0: empty, the allocation failed */
	unsigned long size;
	struct iova *iova;		/* the aligned path's */
};

static u32 lcg_next(u32 *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* An order 0..log2(max), then a size in (2^(order-1), 2^order]. */
static unsigned long random_size(u32 *state, unsigned long max)
{
	unsigned int order = lcg_next(state) % (__builtin_ctzl(max) + 1);

	if (!order)
		return 1;
	return (1UL << (order - 1)) + 1 + lcg_next(state) % (1UL << (order - 1));
}

static unsigned long slot_alloc(struct iova_domain *iovad, struct slot *slot,
				const struct workload *w, unsigned long size)
{
	slot->size = size;
	if (w->fast) {
		slot->pfn = alloc_iova_fast(iovad, size, w->limit_pfn, true);
	} else {
		slot->iova = alloc_iova(iovad, size, w->limit_pfn, true);
		slot->pfn = slot->iova ? slot->iova->pfn_lo : 0;
	}
	return slot->pfn;
}

static void slot_free(struct iova_domain *iovad, struct slot *slot,
		      const struct workload *w)
{
	if (!slot->pfn)
		return;
	if (w->fast)
		free_iova_fast(iovad, slot->pfn, slot->size);
	else
		__free_iova(iovad, slot->iova);
	slot->pfn = 0;
}

/* One timed run: ns per pair, or -1; *@sum gets the pfns' checksum. */
static double run(const struct workload *w, enum iova_allocator allocator,
		  struct slot *slots, unsigned long *sum)
{
	struct iova_domain iovad;
	u32 seed = 1;
	double t0, ns;

	init_iova_domain(&iovad, SZ_4K, 1);
	iova_domain_set_allocator(&iovad, allocator);
	if (w->fast && iova_domain_init_rcaches(&iovad))
		return -1;
	*sum = 0;
	for (unsigned long i = 0; i < w->live; i++)
		*sum = *sum * 31 + slot_alloc(&iovad, &slots[i], w,
					      random_size(&seed, w->max_size));
	t0 = bench_seconds();
	for (long i = 0; i < w->pairs; i++) {
		struct slot *slot = &slots[lcg_next(&seed) % w->live];

		slot_free(&iovad, slot, w);
		*sum = *sum * 31 + slot_alloc(&iovad, slot, w,
					      random_size(&seed, w->max_size));
	}
	ns = (bench_seconds() - t0) * 1e9 / w->pairs;
	put_iova_domain(&iovad);
	return ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	const char *env = getenv("IOVA_BENCH_ROUNDS");
	int rounds = env ? atoi(env) : 5;

	if (rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "iova: IOVA_BENCH_ROUNDS must be 1 to %d\n", MAX_ROUNDS);
		return 2;
	}
	printf("iova: ns per free+alloc pair, %d rounds a side, alternating\n", rounds);
	printf("%-34s %17s %17s %7s %s\n", "workload", "linear min/med",
	       "augmented min/med", "lin/aug", "placements");
	for (size_t i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++) {
		const struct workload *w = &workloads[i];
		double ns[2][MAX_ROUNDS];
		unsigned long sum[2];
		bool same = true;
		struct slot *slots = calloc(w->live, sizeof(*slots));

		if (!slots)
			return 1;
		for (int r = 0; r < rounds; r++) {
			ns[0][r] = run(w, IOVA_ALLOCATOR_LINEAR, slots, &sum[0]);
			ns[1][r] = run(w, IOVA_ALLOCATOR_AUGMENTED, slots, &sum[1]);
			if (ns[0][r] < 0 || ns[1][r] < 0) {
				fprintf(stderr, "iova: no range caches\n");
				return 1;
			}
			same &= sum[0] == sum[1];
		}
		free(slots);
		qsort(ns[0], rounds, sizeof(double), cmp_double);
		qsort(ns[1], rounds, sizeof(double), cmp_double);
		printf("%-34s %8.0f %8.0f %8.0f %8.0f %6.2fx %s\n", w->name,
		       ns[0][0], ns[0][rounds / 2], ns[1][0], ns[1][rounds / 2],
		       ns[0][rounds / 2] / ns[1][rounds / 2], same ? "same" : "DIFFER");
	}
	return 0;
}
