/*
 * Deferred-probe storm: N lab DMA masters chained by managed device links,
 * master i consuming master i+1, bound in the worst order for dd.c.  Each
 * retry pass binds only the last master of the pending list, and each bind
 * re-queues all the others, so the driver core makes N(N+1)/2 probe
 * attempts.  Prints the attempts and the wall time taken.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/sim.h>

#include "bench.h"

/* A board of @n masters built with libfdt's sequential writer. */
static void *storm_board(int n, size_t *size)
{
	size_t cap = 4096 + (size_t)n * 128;
	char name[32];
	void *fdt = malloc(cap);

	if (!fdt || fdt_create(fdt, cap) || fdt_finish_reservemap(fdt) ||
	    fdt_begin_node(fdt, "") ||
	    fdt_property_string(fdt, "compatible", "iommu-lab,storm"))
		goto fail;
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "master@%x", i);
		if (fdt_begin_node(fdt, name) ||
		    fdt_property_string(fdt, "compatible", "iommu-lab,dma-master") ||
		    fdt_end_node(fdt))
			goto fail;
	}
	if (fdt_end_node(fdt) || fdt_finish(fdt))
		goto fail;
	*size = fdt_totalsize(fdt);
	return fdt;
fail:
	free(fdt);
	return NULL;
}

static int storm(int n)
{
	struct device **devs = calloc(n, sizeof(*devs));
	struct sim *sim = sim_new();
	struct device *dev;
	char err[256];
	size_t size;
	double t0, t1;
	void *fdt = storm_board(n, &size);
	int i = 0, bound = 0;

	if (!devs || !sim || !fdt ||
	    sim_board_boot(sim, "storm", fdt, size, BOARD_NO_DRIVERS, err, sizeof(err)))
		return 1;
	sim_trace_enable(sim, false);
	list_for_each_entry(dev, &sim->devices, sim_node)
		devs[i++] = dev;
	for (i = 0; i + 1 < n; i++)
		if (!device_link_add(devs[i], devs[i + 1], 0))
			return 1;

	t0 = bench_seconds();
	sim_module_load(sim, sim_builtin_driver("lab-dma-master"));
	sim_run_due(sim);
	t1 = bench_seconds();

	for (i = 0; i < n; i++)
		bound += device_is_bound(devs[i]);
	printf("deferred-probe storm: masters=%d bound=%d probe_attempts=%llu "
	       "expected=%llu time=%.3f s (%.0f ns/attempt)\n", n, bound,
	       (unsigned long long)sim->dd.probe_attempts,
	       (unsigned long long)n * (n + 1) / 2, t1 - t0,
	       (t1 - t0) * 1e9 / sim->dd.probe_attempts);
	sim_free(sim);
	free(fdt);
	free(devs);
	return bound != n;
}

int main(int argc, char **argv)
{
	int ret = 0;

	if (argc > 1)
		return storm(atoi(argv[1]));
	ret |= storm(1000);
	ret |= storm(10000);
	return ret;
}
