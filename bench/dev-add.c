/*
 * dev add at scale: mt8173-evb with N M4U masters added by hand (what
 * `dev add mN compatible=mediatek,mt8173-disp-ovl iommus=iommu:ID` does),
 * spread over the six larbs' ports, each bound, linked to its larb and
 * put in the M4U's one group; then the machine torn down.  N = 25 000,
 * 50 000 and 100 000, each in a child process of its own: prints the time
 * of the adds and of the teardown, the child's peak memory, and how each
 * grew against the size before.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/sim.h>

#include "bench.h"

static const int sizes[] = { 25000, 50000, 100000 };
/* mt8173's larbs and their port counts (larb << 5 | port) */
static const int ports[] = { 8, 10, 21, 15, 6, 9 };

struct result {
	double add, teardown;
	int bound;
};

static struct result *shared;

static int measure(void *arg)
{
	int n = *(int *)arg;
	struct sim *sim = bench_boot("mt8173-evb");
	struct device *dev;
	double t0, t1, t2;
	int bound = 0;

	if (!sim)
		return 1;
	t0 = bench_seconds();
	for (int i = 0; i < n; i++) {
		int larb = i % 6, port = i / 6 % ports[larb];
		struct sim_dev_spec spec = {
			.compatible = "mediatek,mt8173-disp-ovl",
			.iommu = "iommu",
			.ids = { larb << 5 | port },
			.nr_ids = 1,
		};
		char name[32], err[256];

		snprintf(name, sizeof(name), "m%d", i);
		spec.name = name;
		if (sim_dev_create(sim, &spec, err, sizeof(err))) {
			fprintf(stderr, "dev-add: %s\n", err);
			return 1;
		}
	}
	t1 = bench_seconds();
	list_for_each_entry(dev, &sim->devices, sim_node)
		bound += device_is_bound(dev);
	sim_free(sim);
	t2 = bench_seconds();
	shared->add = t1 - t0;
	shared->teardown = t2 - t1;
	shared->bound = bound;
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
			fprintf(stderr, "dev-add: %d masters failed\n", n);
			return 1;
		}
		r = *shared;
		printf("dev add: masters=%d bound=%d add=%.2f s (%.1f us each) teardown=%.2f s "
		       "peak=%ld KiB", n, r.bound, r.add, r.add * 1e6 / n, r.teardown, rss);
		if (i)
			printf(" (x%.1f the size: add x%.1f, teardown x%.1f, peak x%.1f)",
			       (double)n / sizes[i - 1], r.add / prev.add,
			       r.teardown / prev.teardown, (double)rss / prev_rss);
		printf("\n");
		prev = r;
		prev_rss = rss;
	}
	return 0;
}
