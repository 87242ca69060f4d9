/*
 * The IOVA allocator against Linux 6.1's drivers/iommu/iova.c, worked by
 * hand.  Every domain has 4 KiB granules, so dma_32bit_pfn is 0x100000 and
 * a 32-bit device's limit_pfn is 0xfffff.  The derivations use 6.1's names:
 * the search is given limit_pfn + 1 ("lim"), starts at the cached node
 * ("from"), and at each step takes high = min(high, node.pfn_lo) and
 * new = (high - size) & mask, where mask clears fls_long(size - 1) bits
 * for a size-aligned request; it steps down while new still reaches into
 * the range below and is not under the floor (start_pfn, or on the retry
 * the cached node's pfn_hi + 1).
 */
#include <stdlib.h>

#include <sim/iova.h>

#include "unit.h"

#define DMA32		0x100000UL	/* 1 << (32 - 12) */
#define LIMIT32		0xfffffUL

static struct iova *alloc(struct iova_domain *iovad, unsigned long size,
			  unsigned long limit_pfn)
{
	return alloc_iova(iovad, size, limit_pfn, true);
}

static void assert_range(struct iova *iova, unsigned long lo, unsigned long hi)
{
	assert_non_null(iova);
	assert_int_equal(iova->pfn_lo, lo);
	assert_int_equal(iova->pfn_hi, hi);
}

static void assert_stat(struct iova_domain *iovad, unsigned int order,
			unsigned long loaded, unsigned long prev, unsigned long depot)
{
	struct sim_iova_rcache_stat st;

	assert_int_equal(sim_iova_rcache_stat(iovad, order, &st), 0);
	assert_int_equal(st.loaded, loaded);
	assert_int_equal(st.prev, prev);
	assert_int_equal(st.depot, depot);
}

/* Granule helpers; dma_32bit_pfn is 1 << (32 - shift). */
static void test_granule_helpers(void **state)
{
	struct iova_domain iovad;

	init_iova_domain(&iovad, SZ_4K, 1);
	assert_int_equal(iova_shift(&iovad), 12);
	assert_int_equal(iova_mask(&iovad), 0xfff);
	assert_int_equal(iova_align(&iovad, 0x1001), 0x2000);
	assert_int_equal(iova_align(&iovad, 0x2000), 0x2000);
	assert_int_equal(iova_offset(&iovad, 0x12345678), 0x678);
	assert_int_equal(iova_pfn(&iovad, 0x12345678), 0x12345);
	assert_int_equal(iovad.dma_32bit_pfn, DMA32);
	assert_int_equal(iovad.max32_alloc_size, DMA32);
	assert_int_equal(sim_iova_domain_check(&iovad), 0);
	put_iova_domain(&iovad);

	/* 1 KiB granules: shift 10, 4 GiB is pfn 1 << 22. */
	init_iova_domain(&iovad, 0x400, 1);
	assert_int_equal(iova_shift(&iovad), 10);
	assert_int_equal(iovad.dma_32bit_pfn, 0x400000);
	put_iova_domain(&iovad);

	/* PAGE_SIZE << (6 - 1) */
	assert_int_equal(iova_rcache_range(), 0x20000);
}

/* Top-down below the limit, each search starting under the last range. */
static void test_top_down_and_alignment(void **state)
{
	struct iova_domain iovad;
	struct iova *a, *b, *c, *d, *e, *f, *g, *h;

	init_iova_domain(&iovad, SZ_4K, 1);
	/* from anchor: high = min(0x100000, ~0) = 0x100000, new = 0xfffff */
	a = alloc(&iovad, 1, LIMIT32);
	assert_range(a, 0xfffff, 0xfffff);
	/* from a: high = 0xfffff, new = 0xffffe; nothing below a */
	b = alloc(&iovad, 1, LIMIT32);
	assert_range(b, 0xffffe, 0xffffe);
	/* size 2: mask ~1; high = 0xffffe, new = 0xffffc */
	c = alloc(&iovad, 2, LIMIT32);
	assert_range(c, 0xffffc, 0xffffd);
	/* size 3: fls_long(2) = 2, mask ~3; (0xffffc - 3) & ~3 = 0xffff8 */
	d = alloc(&iovad, 3, LIMIT32);
	assert_range(d, 0xffff8, 0xffffa);
	/* unaligned 3: 0xffff8 - 3 = 0xffff5 */
	e = alloc_iova(&iovad, 3, LIMIT32, false);
	assert_range(e, 0xffff5, 0xffff7);
	f = alloc_iova(&iovad, 1, LIMIT32, false);
	assert_range(f, 0xffff4, 0xffff4);
	/* size 5: fls_long(4) = 3, mask ~7; (0xffff4 - 5) & ~7 = 0xfffe8 */
	g = alloc(&iovad, 5, LIMIT32);
	assert_range(g, 0xfffe8, 0xfffec);
	/* the hole at 0xffffb (d's alignment) is above the cached g: unused */
	h = alloc(&iovad, 1, LIMIT32);
	assert_range(h, 0xfffe7, 0xfffe7);
	assert_null(find_iova(&iovad, 0xffffb));
	assert_ptr_equal(iovad.cached32_node, &h->node);
	assert_ptr_equal(iovad.cached_node, &iovad.anchor.node);
	assert_int_equal(sim_iova_domain_check(&iovad), 8);
	put_iova_domain(&iovad);
}

/*
 * The 32-bit cached node: after a range under a low limit, the next 32-bit
 * search starts there, not at the top.
 */
static void test_cached32_walk(void **state)
{
	struct iova_domain iovad;
	struct iova *a, *b, *c;

	init_iova_domain(&iovad, SZ_4K, 1);
	a = alloc(&iovad, 1, LIMIT32);
	assert_range(a, 0xfffff, 0xfffff);
	/*
	 * lim 0x1235, from a: high = min(0x1235, 0xfffff) = 0x1235,
	 * new = (0x1235 - 0x10) & ~0xf = 0x1220; nothing below a.
	 */
	b = alloc(&iovad, 0x10, 0x1234);
	assert_range(b, 0x1220, 0x122f);
	assert_ptr_equal(iovad.cached32_node, &b->node);
	/* from b: high = min(0x100000, 0x1220), new = 0x121f */
	c = alloc(&iovad, 1, LIMIT32);
	assert_range(c, 0x121f, 0x121f);
	assert_null(find_iova(&iovad, 0x1230));
	put_iova_domain(&iovad);
}

/* Limits above 4 GiB have their own cached node, even for a higher limit. */
static void test_full_range_cached_node(void **state)
{
	struct iova_domain iovad;
	struct iova *a, *b, *c, *d, *e;

	init_iova_domain(&iovad, SZ_4K, 1);
	a = alloc(&iovad, 1, LIMIT32);
	assert_range(a, 0xfffff, 0xfffff);
	/* lim 0x2000000 > DMA32: from cached_node = anchor, new = 0x1ffffff */
	b = alloc(&iovad, 1, 0x1ffffff);
	assert_range(b, 0x1ffffff, 0x1ffffff);
	assert_ptr_equal(iovad.cached_node, &b->node);	/* pfn_hi >= DMA32 */
	assert_ptr_equal(iovad.cached32_node, &a->node);
	/* from b: new = 0x1fffffe, and 0x1fffffe > a's 0xfffff: fits */
	c = alloc(&iovad, 1, 0x1ffffff);
	assert_range(c, 0x1fffffe, 0x1fffffe);
	/* from cached32 = a: 0xffffe */
	d = alloc(&iovad, 1, LIMIT32);
	assert_range(d, 0xffffe, 0xffffe);
	/*
	 * A higher limit still starts at c: high = min(0x4000000, 0x1fffffe),
	 * new = (0x1fffffe - 0x100) & ~0xff = 0x1fffe00, above a: fits.
	 */
	e = alloc(&iovad, 0x100, 0x3ffffff);
	assert_range(e, 0x1fffe00, 0x1fffeff);
	assert_ptr_equal(iovad.cached_node, &e->node);
	assert_ptr_equal(iovad.cached32_node, &d->node);
	/*
	 * Freeing b, at or above cached_node (e), moves it to the range
	 * after b, the anchor: the next search gets b's pfn back, since
	 * 0x1ffffff clears c (0x1fffffe).
	 */
	__free_iova(&iovad, b);
	assert_ptr_equal(iovad.cached_node, &iovad.anchor.node);
	assert_range(alloc(&iovad, 1, 0x1ffffff), 0x1ffffff, 0x1ffffff);
	put_iova_domain(&iovad);

	/*
	 * Which cached node a range updates depends on its pfn_hi.
	 * Unaligned 0x10 under lim 0x100008: 0x100008 - 0x10 = 0xffff8, so
	 * the range straddles 4 GiB and becomes cached_node.
	 */
	init_iova_domain(&iovad, SZ_4K, 1);
	a = alloc_iova(&iovad, 0x10, 0x100007, false);
	assert_range(a, 0xffff8, 0x100007);
	assert_ptr_equal(iovad.cached_node, &a->node);
	assert_ptr_equal(iovad.cached32_node, &iovad.anchor.node);
	/* from the anchor: 0xfffff hits a; high = 0xffff8, new = 0xffff7 */
	assert_range(alloc(&iovad, 1, LIMIT32), 0xffff7, 0xffff7);
	put_iova_domain(&iovad);
}

/* max32_alloc_size: a failed size fails at once below 4 GiB until a free. */
static void test_max32_fast_fail_and_reset(void **state)
{
	struct iova_domain iovad;
	struct iova *x, *y, *z;

	init_iova_domain(&iovad, SZ_4K, 1);
	/*
	 * lim 0x10: high = 0x10, new = 0 < start_pfn 1; no retry (the anchor's
	 * pfn_hi is not below lim), so max32_alloc_size = 0x10.
	 */
	assert_null(alloc(&iovad, 0x10, 0xf));
	assert_int_equal(iovad.max32_alloc_size, 0x10);
	/* the whole space is free, but 0x10 >= max32_alloc_size: fails */
	assert_null(alloc(&iovad, 0x10, LIMIT32));
	/* 0xf < 0x10 searches: mask ~0xf, (0x100000 - 0xf) & ~0xf = 0xffff0 */
	x = alloc(&iovad, 0xf, LIMIT32);
	assert_range(x, 0xffff0, 0xffffe);
	/* above 4 GiB the check does not apply: new = 0x2000000 - 0x10 */
	y = alloc(&iovad, 0x10, 0x1ffffff);
	assert_range(y, 0x1fffff0, 0x1ffffff);
	/* y starts above 4 GiB: freeing it keeps max32_alloc_size */
	__free_iova(&iovad, y);
	assert_int_equal(iovad.max32_alloc_size, 0x10);
	assert_null(alloc(&iovad, 0x10, LIMIT32));
	/*
	 * x starts below: max32_alloc_size = DMA32 again, and x was the
	 * cached32 node, which moves to the next range, the anchor.
	 */
	__free_iova(&iovad, x);
	assert_int_equal(iovad.max32_alloc_size, DMA32);
	assert_ptr_equal(iovad.cached32_node, &iovad.anchor.node);
	z = alloc(&iovad, 0x10, LIMIT32);
	assert_range(z, 0xffff0, 0xfffff);
	put_iova_domain(&iovad);

	/*
	 * Any failure sets it, even above 4 GiB: start 0x100000, lim
	 * 0x100020, new = (0x100020 - 0x40) & ~0x3f = 0xfffc0 < start.
	 */
	init_iova_domain(&iovad, SZ_4K, DMA32);
	assert_null(alloc(&iovad, 0x40, 0x10001f));
	assert_int_equal(iovad.max32_alloc_size, 0x40);
	put_iova_domain(&iovad);
}

/* The one retry from the top when nothing fits below the cached node. */
static void test_retry_from_top(void **state)
{
	struct iova_domain iovad;
	struct iova *a, *b, *c;

	init_iova_domain(&iovad, SZ_4K, 0x1000);
	a = alloc(&iovad, 1, LIMIT32);
	assert_range(a, 0xfffff, 0xfffff);
	/* lim 0x1010, from a: new = (0x1010 - 0x10) & ~0xf = 0x1000 = start */
	b = alloc(&iovad, 0x10, 0x100f);
	assert_range(b, 0x1000, 0x100f);
	/*
	 * from b: high = 0x1000, new = 0xfff < start.  retry_pfn = b's
	 * pfn_hi 0x100f < lim 0x100000: high = lim, floor 0x1010, from the
	 * lowest range ending at or above lim (the anchor): new = 0xfffff
	 * hits a, so high = 0xfffff, new = 0xffffe, which clears b.
	 */
	c = alloc(&iovad, 1, LIMIT32);
	assert_range(c, 0xffffe, 0xffffe);
	assert_int_equal(iovad.max32_alloc_size, DMA32);
	put_iova_domain(&iovad);

	/* 256 pfns, 0xfff00..0xfffff */
	init_iova_domain(&iovad, SZ_4K, 0xfff00);
	/* new = 0x100000 - 0x80 */
	a = alloc(&iovad, 0x80, LIMIT32);
	assert_range(a, 0xfff80, 0xfffff);
	/* from a: 0xfff80 - 0x80 = 0xfff00 = start */
	b = alloc(&iovad, 0x80, LIMIT32);
	assert_range(b, 0xfff00, 0xfff7f);
	/*
	 * from b: new = 0xffeff < start.  Retry from the anchor, floor
	 * 0xfff80: 0xfffff hits a, then new = 0xfff7f hits b and is under
	 * the floor.  The floor is not start_pfn, so no second retry.
	 */
	assert_null(alloc(&iovad, 1, LIMIT32));
	assert_int_equal(iovad.max32_alloc_size, 1);
	/*
	 * a is above cached32 (b) and below 4 GiB: cached32 moves to the
	 * range after a (the anchor) and the failed size is forgotten.
	 */
	__free_iova(&iovad, a);
	assert_ptr_equal(iovad.cached32_node, &iovad.anchor.node);
	c = alloc(&iovad, 1, LIMIT32);
	assert_range(c, 0xfffff, 0xfffff);
	put_iova_domain(&iovad);
}

/* reserve_iova: contained, adjacent, overlapping and gap-filling requests. */
static void test_reserve_overlap(void **state)
{
	struct iova_domain iovad;
	struct iova *r1, *r2, *r5, *r6;
	struct iova_node *node;

	init_iova_domain(&iovad, SZ_4K, 1);
	r1 = reserve_iova(&iovad, 0x100, 0x1ff);
	assert_range(r1, 0x100, 0x1ff);
	/* adjacent ranges are not merged */
	r2 = reserve_iova(&iovad, 0x200, 0x2ff);
	assert_range(r2, 0x200, 0x2ff);
	assert_ptr_not_equal(r2, r1);
	/* inside r1: r1 itself */
	assert_ptr_equal(reserve_iova(&iovad, 0x150, 0x180), r1);
	/*
	 * 0x80..0x250: r1 is stretched down to 0x80 and the rest is
	 * 0x200..0x250, inside r2, which is returned.
	 */
	assert_ptr_equal(reserve_iova(&iovad, 0x80, 0x250), r2);
	assert_range(r1, 0x80, 0x1ff);
	assert_range(r2, 0x200, 0x2ff);
	/* 0x280..0x400: r2 takes up to 0x2ff, 0x300..0x400 is new */
	r5 = reserve_iova(&iovad, 0x280, 0x400);
	assert_range(r5, 0x300, 0x400);
	r6 = reserve_iova(&iovad, 0x500, 0x5ff);
	/* overlapping r6 from below: r6 starts at 0x450 */
	assert_ptr_equal(reserve_iova(&iovad, 0x450, 0x550), r6);
	assert_range(r6, 0x450, 0x5ff);
	/*
	 * 0x3f0..0x460: r5 covers up to 0x400, the rest 0x401..0x460
	 * overlaps r6, which is stretched down over the gap to 0x401.
	 */
	assert_ptr_equal(reserve_iova(&iovad, 0x3f0, 0x460), r6);
	assert_range(r6, 0x401, 0x5ff);
	assert_range(r5, 0x300, 0x400);

	/* in order: r1, r2, r5, r6, anchor */
	node = iova_tree_first(&iovad.rbroot);
	assert_ptr_equal(to_iova(node), r1);
	node = iova_tree_next(node);
	assert_ptr_equal(to_iova(node), r2);
	node = iova_tree_next(node);
	assert_ptr_equal(to_iova(node), r5);
	node = iova_tree_next(node);
	assert_ptr_equal(to_iova(node), r6);
	node = iova_tree_next(node);
	assert_ptr_equal(node, &iovad.anchor.node);
	assert_null(iova_tree_next(node));
	assert_int_equal(sim_iova_domain_check(&iovad), 4);

	/* 2^52 has no 64-bit address with 4 KiB granules */
	assert_null(reserve_iova(&iovad, 1UL << 52, 1UL << 52));
	assert_non_null(reserve_iova(&iovad, (1UL << 52) - 1, (1UL << 52) - 1));
	/* reservations do not move the cached nodes */
	assert_ptr_equal(iovad.cached32_node, &iovad.anchor.node);
	put_iova_domain(&iovad);
}

/* Allocation steps over a reserved range, like the MSI window. */
static void test_alloc_skips_reserved(void **state)
{
	struct iova_domain iovad;
	struct iova *r, *a, *b, *c;

	init_iova_domain(&iovad, SZ_4K, 1);
	r = reserve_iova(&iovad, 0xfee00, 0xfeeff);
	/* from anchor: new = 0x100000 - 0x1000 = 0xff000, above r: fits */
	a = alloc(&iovad, 0x1000, LIMIT32);
	assert_range(a, 0xff000, 0xfffff);
	/*
	 * from a: new = 0xfee00 hits r; high = r's 0xfee00,
	 * new = 0xfec00, nothing below r.
	 */
	b = alloc(&iovad, 0x200, LIMIT32);
	assert_range(b, 0xfec00, 0xfedff);
	/* from b: 0xfec00 - 0x100; the 0xfef00..0xfefff hole stays */
	c = alloc(&iovad, 0x100, LIMIT32);
	assert_range(c, 0xfeb00, 0xfebff);
	assert_null(find_iova(&iovad, 0xfef00));
	assert_ptr_equal(find_iova(&iovad, 0xfee80), r);
	/* a reservation frees like any range */
	free_iova(&iovad, 0xfee00);
	assert_null(find_iova(&iovad, 0xfee80));
	assert_int_equal(sim_iova_domain_check(&iovad), 3);
	put_iova_domain(&iovad);
}

/* find_iova: any pfn of a range finds it; nothing else does. */
static void test_find_iova(void **state)
{
	struct iova_domain iovad;
	struct iova *a, *b;

	init_iova_domain(&iovad, SZ_4K, 1);
	a = alloc(&iovad, 0x10, LIMIT32);
	assert_range(a, 0xffff0, 0xfffff);		/* 0x100000 - 0x10 */
	b = alloc(&iovad, 0x10, LIMIT32);
	assert_range(b, 0xfffe0, 0xfffef);
	assert_ptr_equal(find_iova(&iovad, 0xffff0), a);
	assert_ptr_equal(find_iova(&iovad, 0xffff7), a);
	assert_ptr_equal(find_iova(&iovad, 0xfffff), a);
	assert_ptr_equal(find_iova(&iovad, 0xfffef), b);
	assert_ptr_equal(find_iova(&iovad, 0xfffe0), b);
	assert_null(find_iova(&iovad, 0xfffdf));
	assert_null(find_iova(&iovad, DMA32));
	/* the anchor is a range too */
	assert_ptr_equal(find_iova(&iovad, IOVA_ANCHOR), &iovad.anchor);
	/* but is never freed (6.1 would unlink it) */
	free_iova(&iovad, IOVA_ANCHOR);
	assert_int_equal(sim_iova_domain_check(&iovad), 2);
	__free_iova(&iovad, a);
	assert_null(find_iova(&iovad, 0xffff7));
	assert_ptr_equal(find_iova(&iovad, 0xfffe0), b);
	put_iova_domain(&iovad);
}

/* A freed range is found again by the search that moved past it. */
static void test_free_then_reuse(void **state)
{
	struct iova_domain iovad;
	struct iova *a, *b, *c, *d, *e;

	init_iova_domain(&iovad, SZ_4K, 1);
	a = alloc(&iovad, 4, LIMIT32);
	assert_range(a, 0xffffc, 0xfffff);
	b = alloc(&iovad, 4, LIMIT32);
	assert_range(b, 0xffff8, 0xffffb);
	c = alloc(&iovad, 4, LIMIT32);
	assert_range(c, 0xffff4, 0xffff7);
	/* by a pfn inside b; no range holds 0x1234 */
	free_iova(&iovad, 0x1234);
	free_iova(&iovad, 0xffff9);
	assert_null(find_iova(&iovad, 0xffff8));
	/* b is below 4 GiB and at or above cached32 (c): it moves to a */
	assert_ptr_equal(iovad.cached32_node, &a->node);
	/* from a: high = 0xffffc, new = 0xffff8, clears c (0xffff7) */
	d = alloc(&iovad, 4, LIMIT32);
	assert_range(d, 0xffff8, 0xffffb);
	/* from d: 0xffff4 hits c; high = 0xffff4, new = 0xffff0 */
	e = alloc(&iovad, 4, LIMIT32);
	assert_range(e, 0xffff0, 0xffff3);
	assert_int_equal(sim_iova_domain_check(&iovad), 4);
	put_iova_domain(&iovad);
}

/*
 * Fast path sizes: under 32 rounded up to a power of two; cached by the
 * order of the size, so 3 and 4 share a bin; 32 cached as is; 33 not.
 */
static void test_rcache_rounding(void **state)
{
	struct iova_domain iovad;
	unsigned long p, q, r, s, t, u;

	init_iova_domain(&iovad, SZ_4K, 1);
	assert_int_equal(iova_domain_init_rcaches(&iovad), 0);
	/* 3 -> 4, empty cache: from the tree, new = 0x100000 - 4 */
	p = alloc_iova_fast(&iovad, 3, LIMIT32, true);
	assert_int_equal(p, 0xffffc);
	assert_range(find_iova(&iovad, p), 0xffffc, 0xfffff);
	/* order_base_2(3) = 2: into bin 2, still allocated in the tree */
	free_iova_fast(&iovad, p, 3);
	assert_stat(&iovad, 2, 1, 0, 0);
	assert_non_null(find_iova(&iovad, p));
	/* 4 pages: bin 2, bound 0x100000 - 4 = 0xffffc >= p: the same pfn */
	q = alloc_iova_fast(&iovad, 4, LIMIT32, true);
	assert_int_equal(q, p);
	assert_stat(&iovad, 2, 0, 0, 0);
	/* 5 -> 8, bin 3 empty; from the tree at p: (0xffffc - 8) & ~7 */
	r = alloc_iova_fast(&iovad, 5, LIMIT32, true);
	assert_int_equal(r, 0xffff0);
	assert_range(find_iova(&iovad, r), 0xffff0, 0xffff7);
	/* 17 -> 32: (0xffff0 - 32) & ~31 = 0xfffc0 */
	s = alloc_iova_fast(&iovad, 17, LIMIT32, true);
	assert_int_equal(s, 0xfffc0);
	assert_range(find_iova(&iovad, s), 0xfffc0, 0xfffdf);
	free_iova_fast(&iovad, s, 17);			/* order 5 */
	assert_stat(&iovad, 5, 1, 0, 0);
	/*
	 * 33 is not rounded and its order (6) is not cached: tree, mask
	 * ~63 (fls_long(32) = 6), (0xfffc0 - 33) & ~63 = 0xfff80.
	 */
	t = alloc_iova_fast(&iovad, 33, LIMIT32, true);
	assert_int_equal(t, 0xfff80);
	assert_range(find_iova(&iovad, t), 0xfff80, 0xfffa0);
	free_iova_fast(&iovad, t, 33);			/* straight to the tree */
	assert_null(find_iova(&iovad, t));
	/* 32 is bin 5 as is: bound 0x100000 - 32 = 0xfffe0 >= s */
	u = alloc_iova_fast(&iovad, 32, LIMIT32, true);
	assert_int_equal(u, s);
	assert_stat(&iovad, 5, 0, 0, 0);
	/*
	 * A cached range must end under the limit: with p cached again, a
	 * 4-page request under 0xffffe has bound 0xfffff - 4 = 0xffffb < p.
	 * The tree search starts at cached32, which moved from t to the
	 * range after it, s (0xfffc0), when t was freed: 0xfffc0 - 4.
	 */
	free_iova_fast(&iovad, q, 4);
	assert_int_equal(alloc_iova_fast(&iovad, 4, 0xffffe, true), 0xfffbc);
	assert_stat(&iovad, 2, 1, 0, 0);
	/* under 0xfffff the bound is 0xffffc: p fits */
	assert_int_equal(alloc_iova_fast(&iovad, 4, LIMIT32, true), p);
	put_iova_domain(&iovad);
}

/*
 * iova_magazine_pop takes the entry nearest the top of the stack that is
 * under the bound, not the best one, and moves the top entry into its slot.
 */
static void test_rcache_pop_order(void **state)
{
	struct iova_domain iovad;
	unsigned long a, b, c, d;

	init_iova_domain(&iovad, SZ_4K, 1);
	assert_int_equal(iova_domain_init_rcaches(&iovad), 0);
	c = alloc_iova_fast(&iovad, 1, LIMIT32, true);
	d = alloc_iova_fast(&iovad, 1, LIMIT32, true);
	/* lim 0x8000, from d: high = min(0x8000, 0xffffe), new = 0x7fff */
	a = alloc_iova_fast(&iovad, 1, 0x7fff, true);
	b = alloc_iova_fast(&iovad, 1, 0x7fff, true);
	assert_int_equal(c, 0xfffff);
	assert_int_equal(d, 0xffffe);
	assert_int_equal(a, 0x7fff);
	assert_int_equal(b, 0x7ffe);
	/* the magazine is [a, b, c, d] */
	free_iova_fast(&iovad, a, 1);
	free_iova_fast(&iovad, b, 1);
	free_iova_fast(&iovad, c, 1);
	free_iova_fast(&iovad, d, 1);
	/*
	 * bound 0x8000 - 1 = 0x7fff: d and c are above it, b is taken and
	 * d fills its slot: [a, d, c].
	 */
	assert_int_equal(alloc_iova_fast(&iovad, 1, 0x7fff, true), b);
	/* unbounded now: the top (c), then d, then a */
	assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), c);
	assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), d);
	assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), a);
	assert_stat(&iovad, 0, 0, 0, 0);
	/* empty: from the tree, cached32 is b's range: 0x7ffe - 1 */
	assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), 0x7ffd);

	/* a magazine with nothing under the bound leaves the tree to it */
	free_iova_fast(&iovad, c, 1);
	/* from cached32 (0x7ffd): high = min(0x8000, 0x7ffd), new = 0x7ffc */
	assert_int_equal(alloc_iova_fast(&iovad, 1, 0x7fff, true), 0x7ffc);
	assert_stat(&iovad, 0, 1, 0, 0);
	put_iova_domain(&iovad);
}

/*
 * Magazines: loaded fills, swaps with an empty prev, then full ones go to
 * the depot; with the depot full the loaded magazine's ranges go back to
 * the tree.  Taking back mirrors it.  Frees are numbered F = 1, 2, ... of
 * pfn 0xfffff - (F - 1), 127 per magazine.
 */
static void test_rcache_magazines_and_depot(void **state)
{
	const unsigned long n = 4319;
	struct iova_domain iovad;
	unsigned long i;

	init_iova_domain(&iovad, SZ_4K, 1);
	assert_int_equal(iova_domain_init_rcaches(&iovad), 0);
	/* each starts under the last: pfn 0xfffff - i */
	for (i = 0; i < n; i++)
		assert_range(alloc(&iovad, 1, LIMIT32), 0xfffff - i, 0xfffff - i);

	for (i = 0; i < 127; i++)
		free_iova_fast(&iovad, 0xfffff - i, 1);
	assert_stat(&iovad, 0, 127, 0, 0);		/* F = 127: loaded full */
	free_iova_fast(&iovad, 0xfffff - i++, 1);
	assert_stat(&iovad, 0, 1, 127, 0);		/* F = 128: swapped */
	for (; i < 254; i++)
		free_iova_fast(&iovad, 0xfffff - i, 1);
	assert_stat(&iovad, 0, 127, 127, 0);		/* F = 254: both full */
	free_iova_fast(&iovad, 0xfffff - i++, 1);
	assert_stat(&iovad, 0, 1, 127, 1);		/* F = 255: depot 1 */
	/* depot k is reached at F = 128 + 127 k: 32 at F = 4192 */
	for (; i < 4192; i++)
		free_iova_fast(&iovad, 0xfffff - i, 1);
	assert_stat(&iovad, 0, 1, 127, 32);
	for (; i < 4318; i++)
		free_iova_fast(&iovad, 0xfffff - i, 1);
	assert_stat(&iovad, 0, 127, 127, 32);		/* F = 4318 */
	assert_int_equal(sim_iova_domain_check(&iovad), n);
	/*
	 * F = 4319: depot full, so the loaded magazine (F = 4192..4318,
	 * pfns 0xfffff - 4191 .. 0xfffff - 4317) goes back to the tree.
	 */
	free_iova_fast(&iovad, 0xfffff - i++, 1);
	assert_stat(&iovad, 0, 1, 127, 32);
	assert_int_equal(sim_iova_domain_check(&iovad), n - 127);
	assert_null(find_iova(&iovad, 0xfffff - 4191));
	assert_null(find_iova(&iovad, 0xfffff - 4317));
	assert_non_null(find_iova(&iovad, 0xfffff - 4190));	/* in the depot */
	assert_non_null(find_iova(&iovad, 0xfffff - 4318));	/* loaded */

	/* loaded holds only F = 4319 */
	assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), 0xfffff - 4318);
	assert_stat(&iovad, 0, 0, 127, 32);
	/* prev (F = 1..127) swaps in; its top is F = 127 */
	assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), 0xfffff - 126);
	assert_stat(&iovad, 0, 126, 0, 32);
	for (i = 126; i-- > 0;)
		assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), 0xfffff - i);
	assert_stat(&iovad, 0, 0, 0, 32);
	/*
	 * The last magazine into the depot (at F = 4192) held F = 4065..4191;
	 * it replaces the empty loaded one, and its top is F = 4191.
	 */
	assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), 0xfffff - 4190);
	assert_stat(&iovad, 0, 126, 0, 31);
	put_iova_domain(&iovad);
}

/* The tree is full: flushing every cache makes room, then one retry. */
static void test_rcache_flush_and_retry(void **state)
{
	struct iova_domain iovad;
	unsigned long i;

	/* 256 pfns, 0xfff00..0xfffff, all taken one by one top-down */
	init_iova_domain(&iovad, SZ_4K, 0xfff00);
	assert_int_equal(iova_domain_init_rcaches(&iovad), 0);
	for (i = 0; i < 256; i++)
		assert_int_equal(alloc_iova_fast(&iovad, 1, LIMIT32, true), 0xfffff - i);
	/* 127 loaded, swap at 128, depot at 255, 2 loaded at 256 */
	for (i = 0; i < 256; i++)
		free_iova_fast(&iovad, 0xfffff - i, 1);
	assert_stat(&iovad, 0, 2, 127, 1);
	assert_int_equal(sim_iova_domain_check(&iovad), 256);
	/*
	 * 2 pages, bin 1 empty.  From cached32 (0xfff00): 0xffefe < start;
	 * retry from the anchor with floor 0xfff01 walks down to 0xfff00,
	 * under it: NULL, max32_alloc_size = 2.  No flush asked: 0.
	 */
	assert_int_equal(alloc_iova_fast(&iovad, 2, LIMIT32, false), 0);
	assert_int_equal(iovad.max32_alloc_size, 2);
	assert_stat(&iovad, 0, 2, 127, 1);
	/*
	 * With the flush: the tree fails at once (2 >= max32_alloc_size),
	 * every cached range goes back, which empties the tree and resets
	 * max32_alloc_size; the retry gets 0x100000 - 2 from the anchor.
	 */
	assert_int_equal(alloc_iova_fast(&iovad, 2, LIMIT32, true), 0xffffe);
	assert_stat(&iovad, 0, 0, 0, 0);
	assert_stat(&iovad, 1, 0, 0, 0);
	assert_int_equal(iovad.max32_alloc_size, DMA32);
	assert_int_equal(sim_iova_domain_check(&iovad), 1);
	put_iova_domain(&iovad);
}

/*
 * put_iova_domain frees ranges in the tree, reserved ones, and every
 * magazine; ASan and valgrind report anything left.
 */
static void test_put_frees_everything(void **state)
{
	unsigned long i, pfns[400];
	struct iova_domain iovad;

	init_iova_domain(&iovad, SZ_4K, 1);
	assert_int_equal(iova_domain_init_rcaches(&iovad), 0);
	assert_non_null(reserve_iova(&iovad, 0xfee00, 0xfeeff));
	for (i = 0; i < 600; i++)
		assert_non_null(alloc(&iovad, 1 + i % 7, LIMIT32));
	/* 400 cached ranges of order 0: 254 fill loaded and prev, then depot */
	for (i = 0; i < 400; i++)
		pfns[i] = alloc_iova_fast(&iovad, 1, LIMIT32, true);
	for (i = 0; i < 400; i++)
		free_iova_fast(&iovad, pfns[i], 1);
	/* 400 = 128 + 127 * 2 + 18: depot 2, 19 loaded */
	assert_stat(&iovad, 0, 19, 127, 2);
	/* above 4 GiB from the anchor: 0x2000000 - 8 */
	assert_int_equal(alloc_iova_fast(&iovad, 8, 0x1ffffff, true), 0x1fffff8);
	put_iova_domain(&iovad);
	assert_null(iovad.rcaches);
	assert_null(iovad.rbroot.node);
	/* a domain without caches */
	init_iova_domain(&iovad, SZ_4K, 1);
	assert_non_null(alloc(&iovad, 3, LIMIT32));
	put_iova_domain(&iovad);
}

/* The smallest power of two not below @n (n >= 1), counted up. */
static unsigned long pow2_at_least(unsigned long n)
{
	unsigned long p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/*
 * Random allocations, reservations and frees on both paths: after each,
 * the tree is intact, every live range is found by its first and last
 * pfn, lies between start_pfn and its limit and is aligned as asked.
 */
static void test_random_consistency(void **state)
{
	enum { LIVE = 300 };
	struct {
		unsigned long pfn, size;
		bool fast;
	} live[LIVE] = { 0 };
	struct iova_domain iovad;
	u32 seed = 12345;
	struct iova *iova;

	init_iova_domain(&iovad, SZ_4K, 0x10);
	assert_int_equal(iova_domain_init_rcaches(&iovad), 0);
	for (int step = 0; step < 20000; step++) {
		unsigned long size, limit, pfn;
		int slot;

		seed = seed * 1103515245 + 12345;
		slot = (seed >> 8) % LIVE;
		size = 1 + (seed >> 20) % 40;
		limit = (seed & 0x80) ? LIMIT32 : (seed & 0x40) ? 0x3ffff : 0xfffffff;
		if (live[slot].size) {
			if (live[slot].fast)
				free_iova_fast(&iovad, live[slot].pfn, live[slot].size);
			else
				free_iova(&iovad, live[slot].pfn);
			live[slot].size = 0;
		} else if (seed & 0x20) {
			pfn = alloc_iova_fast(&iovad, size, limit, true);
			if (size < 32)
				size = pow2_at_least(size);
			assert_true(pfn >= iovad.start_pfn && pfn + size - 1 <= limit);
			assert_int_equal(pfn % pow2_at_least(size), 0);
			live[slot].pfn = pfn;
			live[slot].size = size;
			live[slot].fast = true;
		} else if (seed & 0x10) {
			iova = alloc_iova(&iovad, size, limit, seed & 0x8);
			assert_non_null(iova);
			assert_true(iova->pfn_lo >= iovad.start_pfn && iova->pfn_hi <= limit);
			assert_int_equal(iova_size(iova), size);
			if (seed & 0x8)
				assert_int_equal(iova->pfn_lo % pow2_at_least(size), 0);
			live[slot].pfn = iova->pfn_lo;
			live[slot].size = size;
			live[slot].fast = false;
		} else if (step % 97 == 0) {
			pfn = 0x40000 + (seed >> 12) % 0x1000;
			assert_non_null(reserve_iova(&iovad, pfn, pfn + size));
		}
		assert_true(sim_iova_domain_check(&iovad) >= 0);
	}
	for (int i = 0; i < LIVE; i++) {
		if (!live[i].size)
			continue;
		iova = find_iova(&iovad, live[i].pfn);
		assert_non_null(iova);
		assert_ptr_equal(find_iova(&iovad, live[i].pfn + live[i].size - 1), iova);
	}
	put_iova_domain(&iovad);
}

/*
 * The augmented allocator against the linear one, which is 6.1's walk:
 * two domains take the same long random sequence of calls (fixed seeds),
 * and every result must be the same range, or the same failure; every so
 * often the whole trees, both cached nodes and max32_alloc_size are
 * compared too, and the augmented domain's gaps checked.
 */
struct twin_case {
	u32 seed;
	unsigned long start_pfn;
	unsigned long space;		/* limits are drawn below this */
	unsigned long max_size;
	int live;
	int steps;
};

/* The two domains' trees range by range, and what the next search uses. */
static void assert_twins_equal(struct iova_domain *lin, struct iova_domain *aug)
{
	struct iova_node *a = iova_tree_first(&lin->rbroot);
	struct iova_node *b = iova_tree_first(&aug->rbroot);

	for (; a && b; a = iova_tree_next(a), b = iova_tree_next(b)) {
		assert_int_equal(to_iova(a)->pfn_lo, to_iova(b)->pfn_lo);
		assert_int_equal(to_iova(a)->pfn_hi, to_iova(b)->pfn_hi);
	}
	assert_null(a);
	assert_null(b);
	assert_int_equal(to_iova(lin->cached_node)->pfn_lo, to_iova(aug->cached_node)->pfn_lo);
	assert_int_equal(to_iova(lin->cached32_node)->pfn_lo,
			 to_iova(aug->cached32_node)->pfn_lo);
	assert_int_equal(lin->max32_alloc_size, aug->max32_alloc_size);
	assert_int_equal(sim_iova_domain_check(lin), sim_iova_domain_check(aug));
}

static u32 twin_rand(u32 *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static void run_twins(const struct twin_case *c)
{
	struct slot {
		unsigned long pfn, size;	/* size 0: empty */
		bool fast;
	} *live = calloc(c->live, sizeof(*live));
	struct iova_domain lin, aug;
	u32 seed = c->seed;

	assert_non_null(live);
	init_iova_domain(&lin, SZ_4K, c->start_pfn);
	init_iova_domain(&aug, SZ_4K, c->start_pfn);
	iova_domain_set_allocator(&aug, IOVA_ALLOCATOR_AUGMENTED);
	assert_int_equal(iova_domain_init_rcaches(&lin), 0);
	assert_int_equal(iova_domain_init_rcaches(&aug), 0);
	for (int step = 0; step < c->steps; step++) {
		struct slot *slot = &live[twin_rand(&seed) % c->live];
		u32 r = twin_rand(&seed);
		unsigned long size, limit, pfn_lin, pfn_aug;
		struct iova *x, *y;

		/* mostly small sizes, now and then one up to max_size */
		size = 1 + (r & 1 ? twin_rand(&seed) % c->max_size : twin_rand(&seed) % 9);
		/* the 32-bit limit, one below the space, or anywhere in it */
		switch ((r >> 1) & 3) {
		case 0:
			limit = LIMIT32;
			break;
		case 1:
			limit = c->space - 1;
			break;
		default:
			limit = twin_rand(&seed) % c->space;
			break;
		}
		if (slot->size) {
			if (slot->fast) {
				free_iova_fast(&lin, slot->pfn, slot->size);
				free_iova_fast(&aug, slot->pfn, slot->size);
			} else {
				free_iova(&lin, slot->pfn);
				free_iova(&aug, slot->pfn);
			}
			slot->size = 0;
		} else if (r & 0x10) {
			pfn_lin = alloc_iova_fast(&lin, size, limit, r & 0x20);
			pfn_aug = alloc_iova_fast(&aug, size, limit, r & 0x20);
			assert_int_equal(pfn_lin, pfn_aug);
			if (pfn_lin) {
				slot->pfn = pfn_lin;
				slot->size = size;
				slot->fast = true;
			}
		} else if (r & 0x3c0) {
			x = alloc_iova(&lin, size, limit, r & 0x20);
			y = alloc_iova(&aug, size, limit, r & 0x20);
			assert_int_equal(x ? x->pfn_lo : 0, y ? y->pfn_lo : 0);
			assert_int_equal(x ? x->pfn_hi : 0, y ? y->pfn_hi : 0);
			if (x) {
				slot->pfn = x->pfn_lo;
				slot->size = size;
				slot->fast = false;
			}
		} else {
			/* a reservation anywhere, often over live ranges */
			unsigned long lo = twin_rand(&seed) % c->space;

			x = reserve_iova(&lin, lo, lo + size - 1);
			y = reserve_iova(&aug, lo, lo + size - 1);
			assert_int_equal(x ? x->pfn_lo : 0, y ? y->pfn_lo : 0);
			assert_int_equal(x ? x->pfn_hi : 0, y ? y->pfn_hi : 0);
		}
		if (step % 512 == 0) {
			assert_twins_equal(&lin, &aug);
			assert_true(sim_iova_domain_check(&aug) >= 0);
		}
	}
	assert_twins_equal(&lin, &aug);
	/* switching a full domain over computes its gaps from scratch */
	iova_domain_set_allocator(&lin, IOVA_ALLOCATOR_AUGMENTED);
	assert_true(sim_iova_domain_check(&lin) >= 0);
	put_iova_domain(&lin);
	put_iova_domain(&aug);
	free(live);
}

static void test_augmented_matches_linear(void **state)
{
	static const struct twin_case cases[] = {
		/* sizes 1-256 below 4 GiB and above, ranges sparse */
		{ .seed = 1, .start_pfn = 1, .space = 0x4000000, .max_size = 256,
		  .live = 1024, .steps = 200000 },
		/* a crowded space: failures, retries, max32_alloc_size */
		{ .seed = 7, .start_pfn = 0x10, .space = 0x2000, .max_size = 300,
		  .live = 400, .steps = 200000 },
		/* the space just past 4 GiB, a high floor, big sizes */
		{ .seed = 99, .start_pfn = 0xf0000, .space = 0x110000, .max_size = 0x4000,
		  .live = 200, .steps = 100000 },
		/* start_pfn 0 and tiny limits */
		{ .seed = 4242, .start_pfn = 0, .space = 0x200, .max_size = 40,
		  .live = 64, .steps = 100000 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		run_twins(&cases[i]);
}

/*
 * The edges the random runs do not reach: a size that no limit holds, an
 * alignment of 2^63 and above (left to the walk), limits of pfn 0 and of
 * the last pfn, and a zero-length reservation (pfn_hi below pfn_lo), after
 * which the augmented domain goes on with the walk.
 */
static void test_augmented_edges(void **state)
{
	static const struct {
		unsigned long size, limit;
		bool aligned;
	} calls[] = {
		{ 1, 0, true }, { 1, 1, true }, { 2, 1, false }, { 0x100001, LIMIT32, true },
		{ (1UL << 63) + 1, ~0UL - 1, true }, { 1UL << 63, ~0UL - 1, true },
		{ 5, ~0UL - 1, false }, { 5, ~0UL, true }, { 7, 0x1000, true },
		{ 3, 0x1000, false }, { 0x800, 0xfff, true }, { 1, LIMIT32, true },
	};
	struct iova_domain lin, aug;
	struct iova *x, *y;

	init_iova_domain(&lin, SZ_4K, 0);
	init_iova_domain(&aug, SZ_4K, 0);
	iova_domain_set_allocator(&aug, IOVA_ALLOCATOR_AUGMENTED);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < ARRAY_SIZE(calls); i++) {
			x = alloc_iova(&lin, calls[i].size, calls[i].limit, calls[i].aligned);
			y = alloc_iova(&aug, calls[i].size, calls[i].limit, calls[i].aligned);
			assert_int_equal(x ? x->pfn_lo : 0, y ? y->pfn_lo : 0);
			assert_int_equal(x ? x->pfn_hi : 0, y ? y->pfn_hi : 0);
			assert_twins_equal(&lin, &aug);
		}
		if (round)
			break;
		/* the second round with a zero-length reservation in the tree */
		assert_non_null(reserve_iova(&lin, 0x800, 0x7ff));
		assert_non_null(reserve_iova(&aug, 0x800, 0x7ff));
		assert_int_equal(aug.allocator, IOVA_ALLOCATOR_LINEAR);
	}
	put_iova_domain(&lin);
	put_iova_domain(&aug);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_granule_helpers),
		cmocka_unit_test(test_top_down_and_alignment),
		cmocka_unit_test(test_cached32_walk),
		cmocka_unit_test(test_full_range_cached_node),
		cmocka_unit_test(test_max32_fast_fail_and_reset),
		cmocka_unit_test(test_retry_from_top),
		cmocka_unit_test(test_reserve_overlap),
		cmocka_unit_test(test_alloc_skips_reserved),
		cmocka_unit_test(test_find_iova),
		cmocka_unit_test(test_free_then_reuse),
		cmocka_unit_test(test_rcache_rounding),
		cmocka_unit_test(test_rcache_pop_order),
		cmocka_unit_test(test_rcache_magazines_and_depot),
		cmocka_unit_test(test_rcache_flush_and_retry),
		cmocka_unit_test(test_put_frees_everything),
		cmocka_unit_test(test_random_consistency),
		cmocka_unit_test(test_augmented_matches_linear),
		cmocka_unit_test(test_augmented_edges),
	};

	return unit_run("iova", tests, ARRAY_SIZE(tests));
}
