/*
 * DMA transactions per second through the M4U model on mt8173-evb: ovl0
 * (larb 0 port 0) reading 64 bytes at a time through the default domain,
 * once from one page (every access a TLB hit) and once cycling over more
 * pages than the TLB holds (every access a miss and a two-level walk in
 * simulated memory).  The trace is off.
 */
#include <stdio.h>

#include <sim/device.h>
#include <sim/hw.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/m4u.h>
#include <sim/pm_runtime.h>
#include <sim/sim.h>

#include "bench.h"

#define IOVA_BASE	0x10000000UL
#define PAGES		4096	/* 128 times the default TLB */
#define ACCESSES	2000000

/* Runs @n accesses; @stride 0 stays on one page.  Returns -1 on trouble. */
static int run(const struct sim_bus_master *master, struct sim_hw *m4u, const char *what,
	       unsigned long stride, bool want_hit)
{
	const struct m4u_tlb_stats *st = sim_m4u_tlb_stats(m4u);
	u64 hits = st->hits, misses = st->misses;
	u8 buf[64];
	double t0 = bench_seconds(), dt;

	for (unsigned long i = 0; i < ACCESSES; i++) {
		/* Page 0 is the one the hit run left in the TLB: start after it. */
		u64 iova = IOVA_BASE + (stride ? ((i + 1) % PAGES) * stride : 0);

		if (sim_dma_access(master, 0, iova, buf, sizeof(buf), false, NULL, NULL))
			return -1;
	}
	dt = bench_seconds() - t0;
	if ((want_hit ? st->hits - hits : st->misses - misses) != ACCESSES)
		return -1;
	printf("dma read 64B, TLB %-4s x %d: %9.0f transactions/s\n", what,
	       ACCESSES, ACCESSES / dt);
	return 0;
}

int main(void)
{
	struct sim *sim = bench_boot("mt8173-evb");
	struct iommu_group *group;
	struct sim_bus_master master;
	struct device *ovl0;
	struct sim_hw *m4u;
	int ret = 1;

	if (!sim)
		return 1;
	group = sim_iommu_group_by_id(sim, 0);
	ovl0 = sim_find_device(sim, "ovl0");
	m4u = sim_hw_first(sim, &sim_m4u_hw_type);
	/* The PA is only 4 KiB aligned: 4 KiB pages, one TLB entry each. */
	if (!group || !group->default_domain || !ovl0 || !m4u ||
	    iommu_map(group->default_domain, IOVA_BASE, 0x40101000, PAGES * SZ_4K,
		      IOMMU_READ | IOMMU_WRITE)) {
		fprintf(stderr, "m4u-dma: cannot set up ovl0's mappings\n");
		goto out;
	}
	pm_runtime_get_sync(ovl0);
	dev_bus_master(ovl0, &master);
	/* One access first, so that the hit run has no miss in it. */
	if (sim_dma_access(&master, 0, IOVA_BASE, &ret, 1, false, NULL, NULL)) {
		fprintf(stderr, "m4u-dma: the first access faulted\n");
		goto out;
	}
	if (run(&master, m4u, "hit", 0, true) || run(&master, m4u, "miss", SZ_4K, false)) {
		fprintf(stderr, "m4u-dma: an access faulted or the TLB did not behave\n");
		goto out;
	}
	pm_runtime_put(ovl0);
	ret = 0;
out:
	sim_free(sim);
	return ret;
}
