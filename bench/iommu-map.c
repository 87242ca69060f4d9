/*
 * Map and unmap throughput of the ARMv7 short-descriptor page table, in ns
 * per call, with the trace off.
 *
 * Through the IOMMU core: mt8173-evb's default domain (the M4U driver on
 * its table in simulated memory, each call invalidating the M4U's TLB
 * through its registers), 1 GiB as 4 KiB pages and as 1 MiB sections, one
 * page per call.  Reads the board from $IOMMU_LAB_BOARDS/mt8173-evb.dtb.
 *
 * Through io_pgtable_ops alone, as tests/unit/v7s-t.c drives them and as a
 * like-for-like comparison with the kernel's io-pgtable-arm-v7s.c needs:
 * mt8173's quirks, 1 GiB of RAM at 0x40000000, TLB callbacks that do
 * nothing; a new table each round, so the level-2 tables are allocated in
 * the rounds measured.  Min and median of the rounds.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sim/current.h>
#include <sim/io-pgtable.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/mem.h>
#include <sim/sim.h>

#include "bench.h"

#define IOVA_BASE	0x10000000UL
#define PA_BASE		0x40000000ULL
#define ROUNDS		7

/*
 * Maps @count pages of @pgsize at IOVA 0x10000000 up, then unmaps them one
 * by one, @rounds times.  Returns 0, or -1 if any call failed.
 */
static int run(struct iommu_domain *domain, size_t pgsize, unsigned long count,
	       int rounds)
{
	double t_map = 0, t_unmap = 0, t0;

	for (int r = 0; r < rounds; r++) {
		t0 = bench_seconds();
		for (unsigned long i = 0; i < count; i++)
			if (iommu_map(domain, IOVA_BASE + i * pgsize, PA_BASE + i * pgsize,
				      pgsize, IOMMU_READ | IOMMU_WRITE))
				return -1;
		t_map += bench_seconds() - t0;
		t0 = bench_seconds();
		for (unsigned long i = 0; i < count; i++)
			if (iommu_unmap(domain, IOVA_BASE + i * pgsize, pgsize) != pgsize)
				return -1;
		t_unmap += bench_seconds() - t0;
	}
	printf("iommu_map   %-5s x %6lu x %d: %7.1f ns/call\n",
	       pgsize == SZ_4K ? "4KiB" : "1MiB", count, rounds,
	       t_map * 1e9 / ((double)count * rounds));
	printf("iommu_unmap %-5s x %6lu x %d: %7.1f ns/call\n",
	       pgsize == SZ_4K ? "4KiB" : "1MiB", count, rounds,
	       t_unmap * 1e9 / ((double)count * rounds));
	return 0;
}

static int through_core(void)
{
	struct sim *sim = bench_boot("mt8173-evb");
	struct iommu_group *group;
	int ret = 1;

	if (!sim)
		return 1;
	group = sim_iommu_group_by_id(sim, 0);
	if (!group || !group->default_domain) {
		fprintf(stderr, "iommu-map: mt8173-evb has no default domain\n");
		goto out;
	}
	/* 1 GiB as 4 KiB pages, once; 1 GiB as 1 MiB sections, 16 times. */
	if (run(group->default_domain, SZ_4K, 262144, 1) ||
	    run(group->default_domain, SZ_1M, 1024, 16)) {
		fprintf(stderr, "iommu-map: a map or unmap failed\n");
		goto out;
	}
	ret = 0;
out:
	sim_free(sim);
	return ret;
}

static void tlb_flush_all(void *cookie)
{
}

static void tlb_flush_walk(unsigned long iova, size_t size, size_t granule,
			   void *cookie)
{
}

static void tlb_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			 size_t granule, void *cookie)
{
}

static const struct iommu_flush_ops no_flush = {
	.tlb_flush_all	= tlb_flush_all,
	.tlb_flush_walk	= tlb_flush_walk,
	.tlb_add_page	= tlb_add_page,
};

/* One io_pgtable workload: what each call maps, and how many calls. */
struct workload {
	const char *name;
	size_t pgsize;
	size_t pgcount;		/* pages per call */
	unsigned long calls;
	bool unmap;		/* time the unmaps instead of the maps */
};

static const struct workload workloads[] = {
	{ "map 4KiB/call",         SZ_4K, 1,   65536, false },
	{ "unmap 4KiB/call",       SZ_4K, 1,   65536, true },
	{ "map 1MiB/call",         SZ_1M, 1,   1024,  false },
	{ "map_pages 256x4KiB/call", SZ_4K, 256, 256,   false },
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ns per call of one round of @w on a new table; negative if a call failed. */
static double pgtable_round(struct sim *sim, const struct workload *w)
{
	struct io_pgtable_cfg cfg = {
		.quirks = IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS |
			  IO_PGTABLE_QUIRK_ARM_MTK_EXT,
		.pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M,
		.ias = 32,
		.oas = 35,
		.tlb = &no_flush,
	};
	struct io_pgtable_ops *ops = alloc_io_pgtable_ops(ARM_V7S, &cfg, NULL);
	size_t step = w->pgsize * w->pgcount;
	double t0, t_map, t_unmap;
	bool ok = true;

	if (!ops)
		return -1;
	t0 = bench_seconds();
	for (unsigned long i = 0; i < w->calls && ok; i++) {
		size_t mapped = 0;

		ok = !ops->map_pages(ops, IOVA_BASE + i * step, PA_BASE + i * step,
				     w->pgsize, w->pgcount, IOMMU_READ | IOMMU_WRITE,
				     GFP_KERNEL, &mapped);
	}
	t_map = bench_seconds() - t0;
	t0 = bench_seconds();
	for (unsigned long i = 0; i < w->calls && ok; i++)
		ok = ops->unmap_pages(ops, IOVA_BASE + i * step, w->pgsize,
				      w->pgcount, NULL) == step;
	t_unmap = bench_seconds() - t0;
	free_io_pgtable_ops(ops);
	if (!ok || sim_mem_allocated(sim->mem))
		return -1;
	return (w->unmap ? t_unmap : t_map) * 1e9 / w->calls;
}

static int through_pgtable(void)
{
	struct sim *sim = sim_new();
	int ret = 1;

	if (!sim || sim_mem_add_ram(sim->mem, PA_BASE, SZ_1G))
		goto out;
	sim_trace_enable(sim, false);
	sim_enter(sim);
	for (size_t i = 0; i < ARRAY_SIZE(workloads); i++) {
		const struct workload *w = &workloads[i];
		double ns[ROUNDS];

		for (int r = 0; r < ROUNDS; r++) {
			ns[r] = pgtable_round(sim, w);
			if (ns[r] < 0) {
				fprintf(stderr, "iommu-map: %s failed\n", w->name);
				goto out;
			}
		}
		qsort(ns, ROUNDS, sizeof(ns[0]), cmp_double);
		printf("v7s %-24s x %5lu x %d: min %7.1f median %7.1f ns/call\n",
		       w->name, w->calls, ROUNDS, ns[0], ns[ROUNDS / 2]);
	}
	ret = 0;
out:
	sim_free(sim);
	return ret;
}

int main(void)
{
	return through_core() || through_pgtable();
}
