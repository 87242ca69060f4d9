/*
 * iommu_map/iommu_unmap throughput through the IOMMU core, on mt8173-evb's
 * default domain (the M4U driver on its ARMv7 short-descriptor table in
 * simulated memory, each call invalidating the M4U's TLB through its
 * registers), with the trace off: 1 GiB as 4 KiB pages and as 1 MiB
 * sections, one page per call, in ns per call.  Reads the board from
 * $IOMMU_LAB_BOARDS/mt8173-evb.dtb.
 */
#include <stdio.h>

#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>

#include "bench.h"

/*
 * Maps @count pages of @pgsize at IOVA 0x10000000 up, then unmaps them one
 * by one, @rounds times.  Returns 0, or -1 if any call failed.
 */
static int run(struct iommu_domain *domain, size_t pgsize, unsigned long count,
	       int rounds)
{
	const unsigned long base = 0x10000000;
	double t_map = 0, t_unmap = 0, t0;

	for (int r = 0; r < rounds; r++) {
		t0 = bench_seconds();
		for (unsigned long i = 0; i < count; i++)
			if (iommu_map(domain, base + i * pgsize, 0x40000000 + i * pgsize,
				      pgsize, IOMMU_READ | IOMMU_WRITE))
				return -1;
		t_map += bench_seconds() - t0;
		t0 = bench_seconds();
		for (unsigned long i = 0; i < count; i++)
			if (iommu_unmap(domain, base + i * pgsize, pgsize) != pgsize)
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

int main(void)
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
