/*
 * One master with many "iommus" entries: mt8173-evb's blob with a node
 * "big" added under /soc whose iommus lists N ports of larb 0 (<&iommu 0>,
 * <&iommu 1>, ... <&iommu 7>, round again), booted, so that of_iommu
 * reads the list and the M4U driver takes each ID into the fwspec.  N =
 * 5000, 10 000 and 20 000, each in a child process of its own: prints the
 * boot time (the mean of BOOTS boots), the number of IDs the master ended
 * up with, the child's peak memory, and how each grew against the size
 * before.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include <sim/board.h>
#include <sim/iommu.h>
#include <sim/sim.h>

#include "bench.h"

#define BOOTS	20

static const int sizes[] = { 5000, 10000, 20000 };

struct result {
	double boot;
	unsigned int ids;
};

static struct result *shared;

static void *read_blob(size_t *size)
{
	const char *dir = getenv("IOMMU_LAB_BOARDS");
	char path[4096];
	void *buf;
	long len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/mt8173-evb.dtb", dir ? dir : "build/boards");
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc(len)) || fread(buf, 1, len, f) != (size_t)len) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = len;
	return buf;
}

/* The board with "big" and its @n iommus entries; NULL on failure. */
static void *big_board(int n, size_t *size)
{
	size_t orig_size, cap;
	void *orig = read_blob(&orig_size), *fdt = NULL;
	int soc, iommu, big;
	fdt32_t *cells = NULL;
	u32 ph;

	if (!orig)
		return NULL;
	cap = orig_size + 1024 + (size_t)n * 8;
	fdt = malloc(cap);
	cells = calloc(2 * (size_t)n, sizeof(*cells));
	if (!fdt || !cells || fdt_open_into(orig, fdt, cap))
		goto fail;
	soc = fdt_path_offset(fdt, "/soc");
	iommu = fdt_path_offset(fdt, fdt_get_alias(fdt, "iommu") ? "iommu" : "/soc/iommu@10205000");
	if (soc < 0 || iommu < 0 || !(ph = fdt_get_phandle(fdt, iommu)))
		goto fail;
	for (int i = 0; i < n; i++) {
		cells[2 * i] = cpu_to_fdt32(ph);
		cells[2 * i + 1] = cpu_to_fdt32(i % 8);
	}
	big = fdt_add_subnode(fdt, soc, "big");
	if (big < 0 ||
	    fdt_setprop_string(fdt, big, "compatible", "mediatek,mt8173-disp-ovl") ||
	    fdt_setprop(fdt, big, "iommus", cells, 2 * n * sizeof(*cells)))
		goto fail;
	free(cells);
	free(orig);
	*size = fdt_totalsize(fdt);
	return fdt;
fail:
	free(cells);
	free(orig);
	free(fdt);
	return NULL;
}

static int measure(void *arg)
{
	int n = *(int *)arg;
	struct iommu_fwspec *fwspec;
	struct device *big;
	char err[256];
	size_t size;
	void *fdt = big_board(n, &size);
	double t0, t1;

	if (!fdt) {
		fprintf(stderr, "iommus-many: cannot make the board\n");
		return 1;
	}
	shared->boot = 0;
	for (int i = 0; i < BOOTS; i++) {
		struct sim *sim = sim_new();

		if (!sim)
			return 1;
		sim_trace_enable(sim, false);
		t0 = bench_seconds();
		if (sim_board_boot(sim, "mt8173-evb-big", fdt, size, 0, err, sizeof(err))) {
			fprintf(stderr, "iommus-many: %s\n", err);
			return 1;
		}
		t1 = bench_seconds();
		big = sim_find_device(sim, "big");
		fwspec = big ? dev_iommu_fwspec_get(big) : NULL;
		shared->boot += (t1 - t0) / BOOTS;
		shared->ids = fwspec ? fwspec->num_ids : 0;
		sim_free(sim);
	}
	free(fdt);
	return 0;
}

int main(void)
{
	struct result prev = { 0 };
	long prev_rss = 0;

	shared = bench_shared(sizeof(*shared));
	if (!shared)
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		int n = sizes[i];
		struct result r;
		long rss;

		if (bench_in_child(measure, &n, &rss)) {
			fprintf(stderr, "iommus-many: %d entries failed\n", n);
			return 1;
		}
		r = *shared;
		printf("iommus entries: entries=%d fwspec_ids=%u boot=%.2f ms (mean of %d) "
		       "peak=%ld KiB", n, r.ids, r.boot * 1e3, BOOTS, rss);
		if (i)
			printf(" (x%.1f the size: boot x%.1f, peak x%.1f)",
			       (double)n / sizes[i - 1], r.boot / prev.boot,
			       (double)rss / prev_rss);
		printf("\n");
		prev = r;
		prev_rss = rss;
	}
	return 0;
}
