/*
 * The peer benchmark's operation sequences, compiled twice: with
 * PEER_SIDE_KERNEL against Linux 6.1's own iova.c and io-pgtable-arm-v7s.c
 * (through the shim, include/peer-kernel.h), without it against the
 * simulator's public API (sim/iova.h, sim/io-pgtable.h).  Both sides share
 * the kernel's names, so the sequences below are one text; only how a
 * snapshot reads the state differs, in the two blocks at the top.
 *
 * A run records every return value, and every snapshot_every operations a
 * snapshot: for IOVA the whole tree in order (each range's pfn_lo and
 * pfn_hi), both cached nodes (as the pfn_lo of the range each is; the
 * anchor's is ~0), max32_alloc_size and each range cache bin's counts;
 * for v7s the TTBR's attribute bits and every non-zero descriptor of the
 * level-1 table and of each level-2 table, by index.
 *
 * How descriptors are compared: the kernel's tables live in host memory
 * (the shim's arena), the project's in simulated RAM, so the base address
 * a level-1 table descriptor holds differs; it is masked off (bits 31:10,
 * with any ARM_MTK_EXT high bits, which a table below 4 GiB never has) and
 * the level-2 table it points to is compared entry by entry instead.
 * Every other bit (type, NS, the domain and P bits) is compared as is.
 * Leaf descriptors (sections, supersections, small and large pages) are
 * compared whole: their PA fields hold the output address both sides were
 * given, with the ARM_MTK_EXT bits for PA bits 32-34, and their attribute
 * bits follow from the same prot and quirks.
 */
#include <stdlib.h>
#include <string.h>

#include "peer.h"

#ifdef PEER_SIDE_KERNEL

#include <linux/io-pgtable.h>
#include <linux/iova.h>
#include <linux/rbtree.h>

#define SIDE(name)	peer_kernel_##name

/* kernel-iova.c: what 6.1's private range caches hold. */
int peer_kernel_rcache_stat(struct iova_domain *iovad, unsigned int order,
			    unsigned long *loaded, unsigned long *prev,
			    unsigned long *depot);

/* 6.1's IOVA users take the iova cache (iommu_iova, the nodes' slab). */
struct side {
	bool iova_cache;
};

static int side_init(struct side *s, bool tables)
{
	s->iova_cache = !tables;
	return s->iova_cache ? iova_cache_get() : 0;
}

static void side_exit(struct side *s)
{
	if (s->iova_cache)
		iova_cache_put();
}

static u32 side_read32(struct side *s, u64 pa)
{
	return *(u32 *)phys_to_virt(pa);
}

static unsigned long range_lo(struct rb_node *node)
{
	return rb_entry(node, struct iova, node)->pfn_lo;
}

/* 6.1 has one allocator. */
static void side_choose_allocator(struct iova_domain *iovad,
				  const struct peer_options *opt)
{
}

#define tree_first(iovad)	rb_first(&(iovad)->rbroot)
#define tree_next(node)		rb_next(node)
#define tree_lo(node)		range_lo(node)
#define tree_hi(node)		rb_entry(node, struct iova, node)->pfn_hi

static int rcache_stat(struct iova_domain *iovad, unsigned int order,
		       unsigned long st[3])
{
	return peer_kernel_rcache_stat(iovad, order, &st[0], &st[1], &st[2]);
}

#else /* the project's side */

#include <sim/current.h>
#include <sim/io-pgtable.h>
#include <sim/iommu.h>
#include <sim/iova.h>
#include <sim/mem.h>
#include <sim/sim.h>

#define SIDE(name)	peer_project_##name
#define RAM_BASE	0x40000000UL
#define RAM_SIZE	0x40000000UL

struct side {
	struct sim *sim;	/* the machine whose RAM holds the tables */
	struct sim *prev;
};

static int side_init(struct side *s, bool tables)
{
	s->sim = NULL;
	if (!tables)
		return 0;
	s->sim = sim_new();
	if (!s->sim)
		return -1;
	s->prev = sim_enter(s->sim);
	if (sim_mem_add_ram(s->sim->mem, RAM_BASE, RAM_SIZE)) {
		sim_leave(&s->prev);
		sim_free(s->sim);
		return -1;
	}
	return 0;
}

static void side_exit(struct side *s)
{
	if (!s->sim)
		return;
	sim_leave(&s->prev);
	sim_free(s->sim);
}

static u32 side_read32(struct side *s, u64 pa)
{
	return sim_mem_read32(s->sim->mem, pa);
}

static void side_choose_allocator(struct iova_domain *iovad,
				  const struct peer_options *opt)
{
	if (opt->augmented)
		iova_domain_set_allocator(iovad, IOVA_ALLOCATOR_AUGMENTED);
}

#define tree_first(iovad)	iova_tree_first(&(iovad)->rbroot)
#define tree_next(node)		iova_tree_next(node)
#define tree_lo(node)		to_iova(node)->pfn_lo
#define tree_hi(node)		to_iova(node)->pfn_hi

static int rcache_stat(struct iova_domain *iovad, unsigned int order,
		       unsigned long st[3])
{
	struct sim_iova_rcache_stat stat;
	int ret = sim_iova_rcache_stat(iovad, order, &stat);

	st[0] = stat.loaded;
	st[1] = stat.prev;
	st[2] = stat.depot;
	return ret;
}

#endif

#define GRANULE		SZ_4K
#define START_PFN	1
#define RC_ORDERS	6	/* 6.1's IOVA_RANGE_CACHE_MAX_SIZE */
#define IOVA_BASE	0x10000000UL
/* Above 4 GiB, so ARM_MTK_EXT's PA bit 32 is in every leaf. */
#define PA_BASE		0x140000000ULL
#define MT8173_QUIRKS	(IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS | \
			 IO_PGTABLE_QUIRK_ARM_MTK_EXT)
#define L1_ENTRIES	4096	/* 32-bit IOVA */
#define L2_ENTRIES	256
#define L1_BASE_MASK	0xffffc000u	/* 16 KiB aligned */
#define TABLE_BASE_MASK	0xfffffc00u
#define DESC_TYPE_MASK	0x3u
#define DESC_TABLE	0x1u

static void push(struct peer_log *log, int kind, unsigned int sub, long op,
		 uint64_t value)
{
	if (log->v)
		peer_log_push(log, PEER_TAG(kind, sub, op), value);
}

static uint64_t mix(uint64_t sum, uint64_t value)
{
	return (sum ^ value) * 0x100000001b3ULL;
}

static uint32_t lcg_next(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* 1..@max (a power of two): an order equally likely, then a size in it. */
static unsigned long random_size(uint32_t *state, unsigned long max)
{
	unsigned int orders = __builtin_ctzl(max) + 1;
	unsigned int order = lcg_next(state) % orders;

	if (!order)
		return 1;
	return (1UL << (order - 1)) + 1 + lcg_next(state) % (1UL << (order - 1));
}

/* IOVA */

struct slot {
	unsigned long pfn;	/* 0: empty (an allocation failed) */
	unsigned long size;
	struct iova *iova;	/* alloc_iova()'s */
};

static void iova_snapshot(struct iova_domain *iovad, struct peer_log *log,
			  long op, bool fast)
{
	unsigned int rank = 0;

	if (!log->v)
		return;
	for (__typeof__(tree_first(iovad)) node = tree_first(iovad); node;
	     node = tree_next(node), rank++) {
		push(log, PEER_T_TREE_LO, rank, op, tree_lo(node));
		push(log, PEER_T_TREE_HI, rank, op, tree_hi(node));
	}
	push(log, PEER_T_TREE_COUNT, 0, op, rank);
	push(log, PEER_T_CACHED, 0, op, tree_lo(iovad->cached_node));
	push(log, PEER_T_CACHED32, 0, op, tree_lo(iovad->cached32_node));
	push(log, PEER_T_MAX32, 0, op, iovad->max32_alloc_size);
	for (unsigned int order = 0; fast && order < RC_ORDERS; order++) {
		unsigned long st[3] = { 0, 0, 0 };

		if (rcache_stat(iovad, order, st))
			push(log, PEER_T_ERROR, order, op, 0);
		push(log, PEER_T_RC_LOADED, order, op, st[0]);
		push(log, PEER_T_RC_PREV, order, op, st[1]);
		push(log, PEER_T_RC_DEPOT, order, op, st[2]);
	}
}

/* Allocates into @slot; returns the first pfn, 0 when nothing fits. */
static unsigned long slot_alloc(struct iova_domain *iovad, struct slot *slot,
				const struct peer_workload *w, unsigned long size)
{
	slot->size = size;
	if (w->kind == PEER_IOVA_FAST) {
		slot->pfn = alloc_iova_fast(iovad, size, w->limit_pfn, true);
	} else {
		slot->iova = alloc_iova(iovad, size, w->limit_pfn, true);
		slot->pfn = slot->iova ? slot->iova->pfn_lo : 0;
	}
	return slot->pfn;
}

static void slot_free(struct iova_domain *iovad, struct slot *slot,
		      const struct peer_workload *w)
{
	if (!slot->pfn)
		return;
	if (w->kind == PEER_IOVA_FAST)
		free_iova_fast(iovad, slot->pfn, slot->size);
	else
		__free_iova(iovad, slot->iova);
	slot->pfn = 0;
}

static int run_iova(const struct peer_workload *w, const struct peer_options *opt,
		    struct peer_log *log, struct peer_result *r)
{
	bool fast = w->kind == PEER_IOVA_FAST;
	struct iova_domain iovad;
	struct slot *slots;
	uint32_t seed = 1;
	uint64_t sum = 0;
	double t0;

	slots = calloc(w->live, sizeof(*slots));
	if (!slots)
		return -1;
	/* Zeroed first, as dma-iommu's cookie is (rcaches stays NULL). */
	memset(&iovad, 0, sizeof(iovad));
	init_iova_domain(&iovad, GRANULE, START_PFN);
	side_choose_allocator(&iovad, opt);
	if (fast && iova_domain_init_rcaches(&iovad)) {
		put_iova_domain(&iovad);
		free(slots);
		return -1;
	}
	/* The live set, outside the timed part; op numbers are negative. */
	for (unsigned long i = 0; i < w->live; i++) {
		unsigned long pfn = slot_alloc(&iovad, &slots[i], w,
					       random_size(&seed, w->max_size));

		push(log, PEER_T_RET, 0, -(long)w->live + (long)i, pfn);
		sum = mix(sum, pfn);
	}
	iova_snapshot(&iovad, log, 0, fast);

	t0 = peer_now();
	for (long op = 0; op < w->pairs; op++) {
		struct slot *slot = &slots[lcg_next(&seed) % w->live];
		unsigned long pfn;

		if (op == opt->perturb_at)
			alloc_iova(&iovad, 1, w->limit_pfn, false);
		slot_free(&iovad, slot, w);
		pfn = slot_alloc(&iovad, slot, w, random_size(&seed, w->max_size));
		sum = mix(sum, pfn);
		if (log->v) {
			push(log, PEER_T_RET, 0, op, pfn);
			if ((op + 1) % w->snapshot_every == 0)
				iova_snapshot(&iovad, log, op, fast);
		}
	}
	r->seconds[0] = peer_now() - t0;
	r->calls[0] = w->pairs;
	iova_snapshot(&iovad, log, w->pairs, fast);

	/* Back as the DMA API would give them, then the domain. */
	for (unsigned long i = 0; i < w->live; i++)
		slot_free(&iovad, &slots[i], w);
	iova_snapshot(&iovad, log, w->pairs + 1, fast);
	put_iova_domain(&iovad);
	free(slots);
	r->checksum = sum;
	return 0;
}

/* v7s */

struct v7s_run {
	struct side side;
	struct peer_log *log;
	long op;		/* the call under way, for the TLB callbacks */
};

static void tlb_flush_all(void *cookie)
{
	struct v7s_run *v = cookie;

	push(v->log, PEER_T_TLB_ALL, 0, v->op, 0);
}

static void tlb_flush_walk(unsigned long iova, size_t size, size_t granule,
			   void *cookie)
{
	struct v7s_run *v = cookie;

	push(v->log, PEER_T_TLB_WALK, 0, v->op, iova);
	push(v->log, PEER_T_TLB_WALK, 1, v->op, size);
	push(v->log, PEER_T_TLB_WALK, 2, v->op, granule);
}

static void tlb_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			 size_t granule, void *cookie)
{
	struct v7s_run *v = cookie;

	push(v->log, PEER_T_TLB_PAGE, 0, v->op, iova);
	push(v->log, PEER_T_TLB_PAGE, 1, v->op, granule);
}

static const struct iommu_flush_ops tlb_ops = {
	.tlb_flush_all	= tlb_flush_all,
	.tlb_flush_walk	= tlb_flush_walk,
	.tlb_add_page	= tlb_add_page,
};

static void v7s_snapshot(struct v7s_run *v, u64 ttbr, long op)
{
	u64 l1 = ttbr & L1_BASE_MASK;

	if (!v->log->v)
		return;
	push(v->log, PEER_T_TTBR_ATTR, 0, op, ttbr & ~(u64)L1_BASE_MASK);
	for (unsigned int i = 0; i < L1_ENTRIES; i++) {
		u32 desc = side_read32(&v->side, l1 + 4 * i);

		if (!desc)
			continue;
		if ((desc & DESC_TYPE_MASK) != DESC_TABLE) {
			push(v->log, PEER_T_L1, i, op, desc);
			continue;
		}
		push(v->log, PEER_T_L1, i, op, desc & ~TABLE_BASE_MASK);
		for (unsigned int j = 0; j < L2_ENTRIES; j++) {
			u32 leaf = side_read32(&v->side, (desc & TABLE_BASE_MASK) + 4 * j);

			if (leaf)
				push(v->log, PEER_T_L2, i << 8 | j, op, leaf);
		}
	}
}

/* One pass of map_pages calls over the range; op numbers from @first. */
static uint64_t v7s_map_pass(const struct peer_workload *w, struct v7s_run *v,
			     struct io_pgtable_ops *ops, struct io_pgtable_cfg *cfg,
			     long first, const struct peer_options *opt, uint64_t sum)
{
	const size_t step = w->pgsize * w->pgcount;
	const long calls = w->bytes / step;

	for (long i = 0; i < calls; i++) {
		unsigned long iova = IOVA_BASE + i * step;
		size_t mapped = 0, extra = 0;
		int ret;

		v->op = first + i;
		if (v->op == opt->perturb_at)
			ops->map_pages(ops, IOVA_BASE - SZ_4K, PA_BASE, SZ_4K, 1,
				       IOMMU_READ, GFP_KERNEL, &extra);
		ret = ops->map_pages(ops, iova, PA_BASE + (iova - IOVA_BASE),
				     w->pgsize, w->pgcount,
				     IOMMU_READ | IOMMU_WRITE, GFP_KERNEL, &mapped);
		sum = mix(mix(sum, (uint64_t)ret), mapped);
		if (v->log->v) {
			push(v->log, PEER_T_RET, 0, v->op, (uint64_t)ret);
			push(v->log, PEER_T_RET, 1, v->op, mapped);
			if ((i + 1) % w->snapshot_every == 0)
				v7s_snapshot(v, cfg->arm_v7s_cfg.ttbr, v->op);
		}
	}
	return sum;
}

/* One pass of unmap_pages calls over the range. */
static uint64_t v7s_unmap_pass(const struct peer_workload *w, struct v7s_run *v,
			       struct io_pgtable_ops *ops, struct io_pgtable_cfg *cfg,
			       long first, uint64_t sum)
{
	const size_t step = w->pgsize * w->pgcount;
	const long calls = w->bytes / step;
	struct iommu_iotlb_gather gather;

	for (long i = 0; i < calls; i++) {
		size_t unmapped;

		v->op = first + i;
		memset(&gather, 0, sizeof(gather));
		unmapped = ops->unmap_pages(ops, IOVA_BASE + i * step, w->pgsize,
					    w->pgcount, &gather);
		sum = mix(sum, unmapped);
		if (v->log->v) {
			push(v->log, PEER_T_RET, 0, v->op, unmapped);
			if ((i + 1) % w->snapshot_every == 0)
				v7s_snapshot(v, cfg->arm_v7s_cfg.ttbr, v->op);
		}
	}
	return sum;
}

/*
 * @w->cycles times: map the range, then unmap it, each phase timed.  The
 * level-2 tables the first cycle makes stay (neither side frees one when
 * its pages are unmapped one call at a time), so the later cycles time
 * descriptor writes alone, as a long-lived domain sees them.
 */
static int run_v7s(const struct peer_workload *w, const struct peer_options *opt,
		   struct peer_log *log, struct peer_result *r)
{
	const long calls = w->bytes / (w->pgsize * w->pgcount);
	struct v7s_run v = { .log = log };
	struct io_pgtable_cfg cfg = {
		.quirks = MT8173_QUIRKS,
		.pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M,
		.ias = 32,
		.oas = 33,	/* mt8173 in 4 GB mode */
		.coherent_walk = false,
		.tlb = &tlb_ops,
	};
	struct io_pgtable_ops *ops;
	uint64_t sum = 0;
	long op = 0;
	double t0;

	if (side_init(&v.side, true))
		return -1;
	ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, &v);
	if (!ops) {
		side_exit(&v.side);
		return -1;
	}
	v7s_snapshot(&v, cfg.arm_v7s_cfg.ttbr, -1);
	for (long c = 0; c < w->cycles; c++) {
		t0 = peer_now();
		sum = v7s_map_pass(w, &v, ops, &cfg, op, opt, sum);
		r->seconds[0] += peer_now() - t0;
		op += calls;
		v7s_snapshot(&v, cfg.arm_v7s_cfg.ttbr, op);

		t0 = peer_now();
		sum = v7s_unmap_pass(w, &v, ops, &cfg, op, sum);
		r->seconds[1] += peer_now() - t0;
		op += calls;
		v7s_snapshot(&v, cfg.arm_v7s_cfg.ttbr, op);
	}
	r->calls[0] = r->calls[1] = calls * w->cycles;

	v.op = op;
	free_io_pgtable_ops(ops);
	side_exit(&v.side);
	r->checksum = sum;
	return 0;
}

int SIDE(run)(const struct peer_workload *w, const struct peer_options *opt,
	      struct peer_log *log, struct peer_result *r)
{
	struct side side;
	int ret;

	memset(r, 0, sizeof(*r));
	if (w->kind == PEER_V7S)
		return run_v7s(w, opt, log, r);
	if (side_init(&side, false))
		return -1;
	ret = run_iova(w, opt, log, r);
	side_exit(&side);
	return ret;
}
