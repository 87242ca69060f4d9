/*
 * The invariant checks' cost as the machine grows: mt8173-evb with N more
 * lab DMA masters behind the M4U (all in group 0, each with a DMA mapping
 * of its own), the time of one sim_check_run() and its time per device,
 * which stays flat when the checks are linear in the machine's size.
 */
#include <stdio.h>

#include <sim/board.h>
#include <sim/check.h>
#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/sim.h>

#include "bench.h"

#define RUNS	20

static int grow(struct sim *sim, int from, int to)
{
	char name[32], err[256];

	for (int i = from; i < to; i++) {
		struct sim_dev_spec spec = {
			.name = name, .compatible = "iommu-lab,dma-master",
			.iommu = "iommu", .ids = { 0x40 }, .nr_ids = 1, .larb = "larb2",
		};
		struct device *dev;

		snprintf(name, sizeof(name), "m%d", i);
		if (sim_dev_create(sim, &spec, err, sizeof(err))) {
			fprintf(stderr, "check: %s\n", err);
			return -1;
		}
		dev = sim_find_device(sim, name);
		if (!dev || dma_map_page(dev, 0x40000000, 0, 0x1000, DMA_TO_DEVICE) ==
			    DMA_MAPPING_ERROR)
			return -1;
	}
	return 0;
}

int main(void)
{
	static const int sizes[] = { 1000, 2000, 4000, 8000, 16000 };
	struct sim_check *check = sim_check_new();
	struct sim *sim = bench_boot("mt8173-evb");
	int have = 0, ret = 0;

	if (!sim || !check)
		return 1;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t devices;
		double t0, dt;

		if (grow(sim, have, sizes[s]))
			return 1;
		have = sizes[s];
		devices = list_count(&sim->devices);
		t0 = bench_seconds();
		for (int r = 0; r < RUNS; r++)
			ret |= sim_check_run(check, sim);
		dt = (bench_seconds() - t0) / RUNS;
		printf("check: devices=%zu violations=%d %.3f ms/run (%.0f ns/device)\n",
		       devices, ret, dt * 1e3, dt * 1e9 / devices);
	}
	sim_check_free(check);
	sim_free(sim);
	return ret != 0;
}
