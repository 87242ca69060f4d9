/*
 * What the peer benchmark's two sides share: one workload source
 * (workload.c) is compiled once against Linux 6.1's own iova.c and
 * io-pgtable-arm-v7s.c with the shim (peer_kernel_*), once against the
 * simulator's (peer_project_*), and the harness (peer.c) runs and
 * compares them.  Only C types cross this line: the two sides' struct
 * iova_domain and io_pgtable_cfg share names, not layouts.
 */
#ifndef BENCH_PEER_H
#define BENCH_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum peer_kind {
	PEER_IOVA_FAST,		/* alloc_iova_fast + free_iova_fast */
	PEER_IOVA_ALIGNED,	/* alloc_iova(size_aligned) + __free_iova */
	PEER_V7S,		/* map_pages over a range, then unmap_pages */
};

struct peer_workload {
	const char *name;
	enum peer_kind kind;
	/* IOVA: ranges kept live, sizes 1..max_size, the device's limit */
	unsigned long live;
	unsigned long max_size;
	unsigned long limit_pfn;
	long pairs;		/* free + alloc pairs timed */
	/* v7s: each call maps pgcount pages of pgsize; bytes in all, cycles times */
	size_t pgsize;
	size_t pgcount;
	unsigned long bytes;
	long cycles;
	long snapshot_every;	/* operations between two state snapshots */
};

/*
 * Everything one run says, in order, as (tag, value) pairs: each return
 * value and each snapshot of the state.  A NULL @v means "do not record";
 * then only the checksum is kept.
 */
struct peer_log {
	uint64_t *v;
	size_t n, cap;
	bool out_of_memory;
};

/* What the tags say; the harness prints them on a mismatch. */
enum peer_tag {
	PEER_T_RET = 1,		/* sub 0: the value, 1: mapped bytes */
	PEER_T_TREE_LO,		/* sub: the range's rank */
	PEER_T_TREE_HI,
	PEER_T_TREE_COUNT,
	PEER_T_CACHED,		/* pfn_lo of the range cached_node is */
	PEER_T_CACHED32,
	PEER_T_MAX32,		/* max32_alloc_size */
	PEER_T_RC_LOADED,	/* sub: the order */
	PEER_T_RC_PREV,
	PEER_T_RC_DEPOT,
	PEER_T_TTBR_ATTR,	/* the TTBR's bits below the level-1 table's base */
	PEER_T_L1,		/* sub: index; a table's with its base masked */
	PEER_T_L2,		/* sub: level-1 index << 8 | level-2 index */
	PEER_T_TLB_WALK,	/* tlb_flush_walk: iova, then size */
	PEER_T_TLB_PAGE,	/* tlb_add_page: iova, then granule */
	PEER_T_TLB_ALL,		/* tlb_flush_all */
	PEER_T_ERROR,		/* the side could not set up or went wrong */
};

#define PEER_TAG(kind, sub, op)	((uint64_t)(kind) << 56 | (uint64_t)(sub) << 32 | (uint32_t)(op))
#define PEER_TAG_KIND(tag)	((unsigned int)((tag) >> 56))
#define PEER_TAG_SUB(tag)	((unsigned int)((tag) >> 32) & 0xffffff)
#define PEER_TAG_OP(tag)	((uint32_t)(tag))

struct peer_result {
	double seconds[2];	/* IOVA: [0] the pairs; v7s: [0] map, [1] unmap */
	long calls[2];
	uint64_t checksum;	/* of every return value */
};

/* How the project's side runs (the kernel's side ignores it). */
struct peer_options {
	/*
	 * >= 0: one extra operation before this one (an allocation kept, or a
	 * page mapped below the range), the identity check's self-test
	 */
	long perturb_at;
	/* IOVA: the augmented allocator (set iova.allocator augmented) */
	bool augmented;
};

/* Runs @w once.  Returns 0, or -1 when the side could not be set up. */
int peer_kernel_run(const struct peer_workload *w, const struct peer_options *opt,
		    struct peer_log *log, struct peer_result *r);
int peer_project_run(const struct peer_workload *w, const struct peer_options *opt,
		     struct peer_log *log, struct peer_result *r);

/* The harness's: appends to @log (no-op when not recording); the clock. */
void peer_log_push(struct peer_log *log, uint64_t tag, uint64_t value);
double peer_now(void);

/* What the shim holds for the kernel's code (shim.c). */
struct peer_shim_usage {
	long kmallocs;		/* kmalloc()ed blocks not kfree()d */
	long pages;		/* arena pages handed out, slabs' included */
	long caches;		/* kmem_caches not destroyed */
	long objects;		/* objects left in caches when destroyed */
	long warns;		/* WARN_ON()s that fired */
};
void peer_shim_usage(struct peer_shim_usage *u);
/* Gives the arena back to the host. */
void peer_shim_release(void);

#endif
