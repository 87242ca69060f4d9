/*
 * iommu_map/iommu_unmap throughput through the IOMMU core, on mt8173-evb's
 * default domain (the M4U driver on its ARMv7 short-descriptor table in
 * simulated memory), with the trace off: 4 KiB pages and 1 MiB sections,
 * one page per call, in ns per call.  Reads the board from
 * $IOMMU_LAB_BOARDS/mt8173-evb.dtb.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sim/board.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *read_board(const char *name, size_t *size)
{
	const char *dir = getenv("IOMMU_LAB_BOARDS");
	char path[4096];
	void *buf = NULL;
	long len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir ? dir : "build/boards", name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc(len);
		if (buf && fread(buf, 1, len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		*size = len;
	}
	fclose(f);
	return buf;
}

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
		t0 = seconds();
		for (unsigned long i = 0; i < count; i++)
			if (iommu_map(domain, base + i * pgsize, 0x40000000 + i * pgsize,
				      pgsize, IOMMU_READ | IOMMU_WRITE))
				return -1;
		t_map += seconds() - t0;
		t0 = seconds();
		for (unsigned long i = 0; i < count; i++)
			if (iommu_unmap(domain, base + i * pgsize, pgsize) != pgsize)
				return -1;
		t_unmap += seconds() - t0;
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
	struct sim *sim = sim_new();
	struct iommu_group *group;
	char err[256];
	size_t size;
	void *fdt = read_board("mt8173-evb", &size);
	int ret = 1;

	if (!sim || !fdt || sim_board_boot(sim, "mt8173-evb", fdt, size, 0, err, sizeof(err))) {
		fprintf(stderr, "iommu-map: cannot boot mt8173-evb\n");
		goto out;
	}
	group = sim_iommu_group_by_id(sim, 0);
	if (!group || !group->default_domain) {
		fprintf(stderr, "iommu-map: mt8173-evb has no default domain\n");
		goto out;
	}
	sim_trace_enable(sim, false);
	/* 64 MiB as 4 KiB pages; 1 GiB as 1 MiB sections. */
	if (run(group->default_domain, SZ_4K, 16384, 4) ||
	    run(group->default_domain, SZ_1M, 1024, 16)) {
		fprintf(stderr, "iommu-map: a map or unmap failed\n");
		goto out;
	}
	ret = 0;
out:
	sim_free(sim);
	free(fdt);
	return ret;
}
