/*
 * The peer benchmark: Linux 6.1's own iova.c and io-pgtable-arm-v7s.c
 * (the "kernel" side, built from Debian's linux-source-6.1 with the
 * project's shim) and the simulator's (the "project" side), in one
 * process, on the same operation sequences (workload.c).
 *
 *   peer                 for each workload: one recorded run a side,
 *                        compared value by value, then ROUNDS timed runs,
 *                        kernel then project, alternately; prints the table
 *   peer --identity      short recorded runs only, TAP; exits 1 on a mismatch
 *   peer --rounds N      timed rounds (default 7)
 *   peer --only TEXT     only the workloads whose name holds TEXT
 *   peer --perturb-project OP
 *                        the project's side does one extra operation
 *                        before operation OP of every workload, so the
 *                        identity check must report a mismatch (its
 *                        self-test, t0902)
 *
 * docs/performance.md says what each row measures and what is and is not
 * like for like.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench.h"
#include "peer.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define DEFAULT_ROUNDS	7
#define MAX_ROUNDS	31
#define LIMIT_32BIT	0xfffffUL	/* pfns of 4 KiB below 4 GiB */
#define LIMIT_40BIT	0xfffffffUL	/* room for 16384 ranges of up to 1 MiB */

/* The timed workloads, as docs/performance.md lists them. */
static const struct peer_workload bench_workloads[] = {
	{ "iova fast, sizes 1-256, 1024 live", PEER_IOVA_FAST,
	  .live = 1024, .max_size = 256, .limit_pfn = LIMIT_32BIT,
	  .pairs = 200000, .snapshot_every = 10000 },
	{ "iova fast, sizes 1-8, 1024 live", PEER_IOVA_FAST,
	  .live = 1024, .max_size = 8, .limit_pfn = LIMIT_32BIT,
	  .pairs = 400000, .snapshot_every = 20000 },
	{ "iova fast, sizes 1-256, 16384 live", PEER_IOVA_FAST,
	  .live = 16384, .max_size = 256, .limit_pfn = LIMIT_40BIT,
	  .pairs = 20000, .snapshot_every = 5000 },
	{ "iova aligned, sizes 1-256, 1024 live", PEER_IOVA_ALIGNED,
	  .live = 1024, .max_size = 256, .limit_pfn = LIMIT_32BIT,
	  .pairs = 100000, .snapshot_every = 10000 },
	{ "iova aligned, sizes 1-256, 16384 live", PEER_IOVA_ALIGNED,
	  .live = 16384, .max_size = 256, .limit_pfn = LIMIT_40BIT,
	  .pairs = 4000, .snapshot_every = 1000 },
	{ "v7s 4 KiB a call", PEER_V7S,
	  .pgsize = 4096, .pgcount = 1, .bytes = 256UL << 20, .cycles = 2,
	  .snapshot_every = 16384 },
	{ "v7s 1 MiB a call", PEER_V7S,
	  .pgsize = 1UL << 20, .pgcount = 1, .bytes = 2048UL << 20, .cycles = 32,
	  .snapshot_every = 512 },
	{ "v7s 256 x 4 KiB a call", PEER_V7S,
	  .pgsize = 4096, .pgcount = 256, .bytes = 256UL << 20, .cycles = 8,
	  .snapshot_every = 64 },
};

/* make check's: the same kinds, a few thousand operations each. */
static const struct peer_workload identity_workloads[] = {
	{ "iova fast, sizes 1-256, 1024 live", PEER_IOVA_FAST,
	  .live = 1024, .max_size = 256, .limit_pfn = LIMIT_32BIT,
	  .pairs = 50000, .snapshot_every = 1000 },
	{ "iova fast, sizes 1-8, 1024 live", PEER_IOVA_FAST,
	  .live = 1024, .max_size = 8, .limit_pfn = LIMIT_32BIT,
	  .pairs = 50000, .snapshot_every = 1000 },
	{ "iova fast, sizes 1-256, 4096 live", PEER_IOVA_FAST,
	  .live = 4096, .max_size = 256, .limit_pfn = LIMIT_32BIT,
	  .pairs = 20000, .snapshot_every = 1000 },
	/* More than 4 GiB asked of a 32-bit space: failures, rcache flushes. */
	{ "iova fast, sizes 1-256, 20000 live, full", PEER_IOVA_FAST,
	  .live = 20000, .max_size = 256, .limit_pfn = LIMIT_32BIT,
	  .pairs = 2000, .snapshot_every = 1000 },
	{ "iova aligned, sizes 1-256, 20000 live, full", PEER_IOVA_ALIGNED,
	  .live = 20000, .max_size = 256, .limit_pfn = LIMIT_32BIT,
	  .pairs = 2000, .snapshot_every = 1000 },
	{ "iova aligned, sizes 1-256, 1024 live", PEER_IOVA_ALIGNED,
	  .live = 1024, .max_size = 256, .limit_pfn = LIMIT_32BIT,
	  .pairs = 20000, .snapshot_every = 500 },
	{ "iova aligned, sizes 1-256, 16384 live", PEER_IOVA_ALIGNED,
	  .live = 16384, .max_size = 256, .limit_pfn = LIMIT_40BIT,
	  .pairs = 2000, .snapshot_every = 1000 },
	{ "v7s 4 KiB a call", PEER_V7S,
	  .pgsize = 4096, .pgcount = 1, .bytes = 8UL << 20, .cycles = 2,
	  .snapshot_every = 256 },
	{ "v7s 1 MiB a call", PEER_V7S,
	  .pgsize = 1UL << 20, .pgcount = 1, .bytes = 64UL << 20, .cycles = 2,
	  .snapshot_every = 8 },
	{ "v7s 256 x 4 KiB a call", PEER_V7S,
	  .pgsize = 4096, .pgcount = 256, .bytes = 8UL << 20, .cycles = 2,
	  .snapshot_every = 2 },
};

/* The kernel's side, and the project's unless told otherwise. */
static const struct peer_options plain = { .perturb_at = -1 };
/* The project's IOVA rows again, with set iova.allocator augmented. */
static const struct peer_options augmented = { .perturb_at = -1, .augmented = true };

static const char *const tag_names[] = {
	[PEER_T_RET] = "return value",
	[PEER_T_TREE_LO] = "tree: pfn_lo of range",
	[PEER_T_TREE_HI] = "tree: pfn_hi of range",
	[PEER_T_TREE_COUNT] = "tree: ranges",
	[PEER_T_CACHED] = "cached_node's pfn_lo",
	[PEER_T_CACHED32] = "cached32_node's pfn_lo",
	[PEER_T_MAX32] = "max32_alloc_size",
	[PEER_T_RC_LOADED] = "rcache: loaded pfns of order",
	[PEER_T_RC_PREV] = "rcache: prev pfns of order",
	[PEER_T_RC_DEPOT] = "rcache: depot magazines of order",
	[PEER_T_TTBR_ATTR] = "TTBR attribute bits",
	[PEER_T_L1] = "level-1 descriptor",
	[PEER_T_L2] = "level-2 descriptor (l1 << 8 | l2)",
	[PEER_T_TLB_WALK] = "tlb_flush_walk argument",
	[PEER_T_TLB_PAGE] = "tlb_add_page argument",
	[PEER_T_TLB_ALL] = "tlb_flush_all",
	[PEER_T_ERROR] = "a side's error",
};

void peer_log_push(struct peer_log *log, uint64_t tag, uint64_t value)
{
	if (log->n + 2 > log->cap) {
		size_t cap = log->cap ? 2 * log->cap : 1 << 16;
		uint64_t *v = realloc(log->v, cap * sizeof(*v));

		if (!v) {
			log->out_of_memory = true;
			return;
		}
		log->v = v;
		log->cap = cap;
	}
	log->v[log->n++] = tag;
	log->v[log->n++] = value;
}

double peer_now(void)
{
	return bench_seconds();
}

/* "ok (N values)" or what differs first, in @buf. */
static bool logs_agree(const struct peer_log *k, const struct peer_log *p,
		       char *buf, size_t len)
{
	size_t n = k->n < p->n ? k->n : p->n;

	if (k->out_of_memory || p->out_of_memory) {
		snprintf(buf, len, "out of memory recording the runs");
		return false;
	}
	for (size_t i = 0; i < n; i += 2) {
		uint64_t tag = k->v[i];

		if (tag == p->v[i] && k->v[i + 1] == p->v[i + 1])
			continue;
		if (tag != p->v[i]) {
			snprintf(buf, len, "MISMATCH at value %zu: kernel says %s %u at op %d, project %s %u at op %d",
				 i / 2, tag_names[PEER_TAG_KIND(tag)], PEER_TAG_SUB(tag),
				 (int32_t)PEER_TAG_OP(tag), tag_names[PEER_TAG_KIND(p->v[i])],
				 PEER_TAG_SUB(p->v[i]), (int32_t)PEER_TAG_OP(p->v[i]));
			return false;
		}
		snprintf(buf, len, "MISMATCH at op %d, %s %u: kernel %#llx, project %#llx",
			 (int32_t)PEER_TAG_OP(tag), tag_names[PEER_TAG_KIND(tag)],
			 PEER_TAG_SUB(tag), (unsigned long long)k->v[i + 1],
			 (unsigned long long)p->v[i + 1]);
		return false;
	}
	if (k->n != p->n) {
		snprintf(buf, len, "MISMATCH: kernel recorded %zu values, project %zu",
			 k->n / 2, p->n / 2);
		return false;
	}
	snprintf(buf, len, "ok (%zu values)", n / 2);
	return true;
}

/* The kernel's side gave back all it took and never WARNed. */
static bool shim_clean(char *buf, size_t len)
{
	struct peer_shim_usage u;

	peer_shim_usage(&u);
	if (!u.kmallocs && !u.pages && !u.caches && !u.objects && !u.warns)
		return true;
	snprintf(buf, len, "kernel side: %ld kmalloc blocks, %ld pages, %ld caches, %ld objects not freed, %ld WARNs",
		 u.kmallocs, u.pages, u.caches, u.objects, u.warns);
	return false;
}

/* One recorded run a side, compared; the verdict in @buf. */
static bool identity(const struct peer_workload *w, const struct peer_options *opt,
		     char *buf, size_t len)
{
	struct peer_log k = { 0 }, p = { 0 };
	struct peer_result rk, rp;
	bool ok;

	/* A log records once it has a buffer. */
	k.cap = p.cap = 1 << 16;
	k.v = malloc(k.cap * sizeof(*k.v));
	p.v = malloc(p.cap * sizeof(*p.v));
	if (!k.v || !p.v) {
		snprintf(buf, len, "out of memory");
		ok = false;
	} else if (peer_kernel_run(w, &plain, &k, &rk) || peer_project_run(w, opt, &p, &rp)) {
		snprintf(buf, len, "a side could not be set up");
		ok = false;
	} else {
		ok = logs_agree(&k, &p, buf, len) && shim_clean(buf, len);
	}
	free(k.v);
	free(p.v);
	return ok;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void print_row(const char *name, const char *unit, double *k, double *p,
		      int rounds, const char *verdict)
{
	qsort(k, rounds, sizeof(*k), cmp_double);
	qsort(p, rounds, sizeof(*p), cmp_double);
	printf("%-40s %-8s | %8.1f %8.1f | %8.1f %8.1f | %5.2f | %s\n", name, unit,
	       k[0], k[rounds / 2], p[0], p[rounds / 2], k[rounds / 2] / p[rounds / 2],
	       verdict);
}

static const char *const differences =
	"Like for like: the same operations in the same order, the same sizes, limits and quirks,\n"
	"every return value and state snapshot compared (identity), ns per operation timed on the\n"
	"host's monotonic clock around the operations alone.  What differs:\n"
	"- locks: the kernel's spinlocks and mutexes are no-ops in the shim (one CPU); the project has none;\n"
	"- node allocation: the kernel's iova nodes and level-2 tables come from the shim's slab\n"
	"  (64-byte and 1 KiB objects in arena pages), its magazines and domain data from malloc;\n"
	"  the project's from its own allocators;\n"
	"- walks: both sides build tables for a non-coherent walker (cfg.coherent_walk false, as the\n"
	"  M4U's); the kernel's dma_sync_single_for_device() is an empty out-of-line call (the host is\n"
	"  coherent), where an arm64 kernel would clean cache lines;\n"
	"- memory: the kernel's tables are host memory read and written through pointers; the\n"
	"  project's are in simulated RAM, reached through sim/hw/mem.c (what the M4U model walks).\n";

/*
 * @w's recorded runs compared, then @rounds timed runs a side, kernel
 * first; its row or rows, "project" run as @opt says.  False on a mismatch.
 */
static bool measure(const struct peer_workload *w, const struct peer_options *opt,
		    const char *label, int rounds)
{
	double k[2][MAX_ROUNDS], p[2][MAX_ROUNDS];
	char verdict[256];
	bool ok = identity(w, opt, verdict, sizeof(verdict));

	for (int r = 0; r < rounds; r++) {
		struct peer_log none = { 0 };
		struct peer_result rk, rp;

		if (peer_kernel_run(w, &plain, &none, &rk) ||
		    peer_project_run(w, opt, &none, &rp)) {
			fprintf(stderr, "peer: %s: a side could not be set up\n", label);
			return false;
		}
		if (rk.checksum != rp.checksum && ok) {
			snprintf(verdict, sizeof(verdict),
				 "MISMATCH: return values of timed round %d differ", r + 1);
			ok = false;
		}
		for (int ph = 0; ph < 2; ph++) {
			k[ph][r] = rk.calls[ph] ? rk.seconds[ph] * 1e9 / rk.calls[ph] : 0;
			p[ph][r] = rp.calls[ph] ? rp.seconds[ph] * 1e9 / rp.calls[ph] : 0;
		}
	}
	if (w->kind == PEER_V7S) {
		print_row(label, "map", k[0], p[0], rounds, verdict);
		print_row(label, "unmap", k[1], p[1], rounds, verdict);
	} else {
		print_row(label, "pair", k[0], p[0], rounds, verdict);
	}
	fflush(stdout);
	return ok;
}

static int bench(int rounds, const char *only)
{
	bool all_ok = true;

	printf("peer: Linux 6.1's own iova.c and io-pgtable-arm-v7s.c (kernel) against the simulator's\n"
	       "(project), one process, %d interleaved rounds; ns per op, min and median; ratio = kernel\n"
	       "median / project median (above 1: the project is faster)\n\n", rounds);
	printf("%-40s %-8s | %-17s | %-17s | %-5s | %s\n", "workload", "op",
	       "kernel min median", "project min med.", "ratio", "identity");
	for (size_t i = 0; i < ARRAY_SIZE(bench_workloads); i++) {
		const struct peer_workload *w = &bench_workloads[i];

		if (only && !strstr(w->name, only))
			continue;
		all_ok &= measure(w, &plain, w->name, rounds);
		if (w->kind != PEER_V7S)
			all_ok &= measure(w, &augmented, "  the same, project augmented", rounds);
	}
	printf("\n%s", differences);
	peer_shim_release();
	return all_ok ? 0 : 1;
}

/* Every identity workload, then the IOVA ones with the augmented allocator. */
static int identity_only(long perturb_at)
{
	const struct peer_options opts[] = {
		{ .perturb_at = perturb_at },
		{ .perturb_at = perturb_at, .augmented = true },
	};
	bool all_ok = true;
	int n = 0;

	for (size_t o = 0; o < ARRAY_SIZE(opts); o++) {
		for (size_t i = 0; i < ARRAY_SIZE(identity_workloads); i++) {
			const struct peer_workload *w = &identity_workloads[i];
			char verdict[256];
			bool ok;

			if (opts[o].augmented && w->kind == PEER_V7S)
				continue;
			ok = identity(w, &opts[o], verdict, sizeof(verdict));
			printf("%s %d - %s%s: %s\n", ok ? "ok" : "not ok", ++n, w->name,
			       opts[o].augmented ? ", project augmented" : "", verdict);
			all_ok &= ok;
		}
	}
	printf("1..%d\n", n);
	peer_shim_release();
	return all_ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "identity", no_argument, NULL, 'i' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "perturb-project", required_argument, NULL, 'p' },
		{ "only", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	bool only_identity = false;
	const char *only = NULL;
	long perturb_at = -1;
	int rounds = DEFAULT_ROUNDS;
	int c;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'i':
			only_identity = true;
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 'p':
			perturb_at = atol(optarg);
			break;
		case 'o':
			only = optarg;
			break;
		default:
			fprintf(stderr, "usage: peer [--identity [--perturb-project OP]] [--rounds N] [--only TEXT]\n");
			return 2;
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "peer: --rounds takes 1 to %d\n", MAX_ROUNDS);
		return 2;
	}
	if (only_identity)
		return identity_only(perturb_at);
	return bench(rounds, only);
}
