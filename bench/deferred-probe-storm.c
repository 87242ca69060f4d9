/*
 * Deferred-probe storm: N lab DMA masters chained by managed device links,
 * master i consuming master i+1, bound in the worst order for dd.c.  Each
 * retry pass binds only the last master of the pending list, and each bind
 * re-queues all the others, so the driver core makes N(N+1)/2 probe
 * attempts.  Prints the attempts, whether they are N(N+1)/2, and the wall
 * time taken, for 1000 and 10 000 masters (or the N given).
 *
 * With --trace N the storm runs with the trace on and prints, instead of
 * a time, everything it makes that can be seen: every trace event, every
 * kernel log line and each master's attempts and deferral state at the
 * end.  Two builds of the simulator that print the same bytes made the
 * same attempts in the same order with the same reasons.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/printk.h>
#include <sim/sim.h>
#include <sim/trace.h>

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

/* Seconds of CPU this process has used: steadier than wall time on a shared machine. */
static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* What --trace prints: the trace, the log, then each master's state. */
static void print_observable(struct sim *sim, struct device **devs, int n)
{
	for (size_t i = 0; i < sim_trace_count(sim); i++)
		sim_trace_print(stdout, sim_trace_get(sim, i));
	for (size_t i = 0; i < sim_klog_count(sim); i++) {
		const struct sim_klog_line *line = sim_klog_get(sim, i);

		printf("log %llu %d %s\n", (unsigned long long)line->time,
		       line->level, line->text);
	}
	for (int i = 0; i < n; i++)
		printf("dev %s attempts=%u bound=%d deferred=%d reason=%s\n",
		       devs[i]->name, devs[i]->probe_attempts,
		       device_is_bound(devs[i]), device_is_deferred(devs[i]),
		       devs[i]->deferred_probe_reason ?
		       devs[i]->deferred_probe_reason : "(none)");
	printf("probe_attempts=%llu trace_total=%llu\n",
	       (unsigned long long)sim->dd.probe_attempts,
	       (unsigned long long)sim_trace_total(sim));
}

static int storm(int n, bool trace)
{
	struct device **devs = calloc(n, sizeof(*devs));
	struct sim *sim = sim_new();
	unsigned long long want = (unsigned long long)n * (n + 1) / 2;
	struct device *dev;
	char err[256];
	size_t size;
	double t0, t1, c0, c1;
	void *fdt = storm_board(n, &size);
	int i = 0, bound = 0;

	if (!devs || !sim || !fdt ||
	    sim_board_boot(sim, "storm", fdt, size, BOARD_NO_DRIVERS, err, sizeof(err)))
		return 1;
	sim_trace_enable(sim, trace);
	list_for_each_entry(dev, &sim->devices, sim_node)
		devs[i++] = dev;
	for (i = 0; i + 1 < n; i++)
		if (!device_link_add(devs[i], devs[i + 1], 0))
			return 1;

	t0 = bench_seconds();
	c0 = cpu_seconds();
	sim_module_load(sim, sim_builtin_driver("lab-dma-master"));
	sim_run_due(sim);
	c1 = cpu_seconds();
	t1 = bench_seconds();

	for (i = 0; i < n; i++)
		bound += device_is_bound(devs[i]);
	if (trace)
		print_observable(sim, devs, n);
	else
		printf("deferred-probe storm: masters=%d bound=%d probe_attempts=%llu "
		       "(N(N+1)/2 = %llu: %s) time=%.3f s cpu=%.3f s (%.1f ns/attempt)\n",
		       n, bound, (unsigned long long)sim->dd.probe_attempts, want,
		       sim->dd.probe_attempts == want ? "yes" : "NO", t1 - t0, c1 - c0,
		       (c1 - c0) * 1e9 / sim->dd.probe_attempts);
	i = bound != n || sim->dd.probe_attempts != want;
	sim_free(sim);
	free(fdt);
	free(devs);
	return i;
}

int main(int argc, char **argv)
{
	int ret = 0;

	if (argc == 3 && !strcmp(argv[1], "--trace"))
		return storm(atoi(argv[2]), true);
	if (argc == 2)
		return storm(atoi(argv[1]), false);
	if (argc != 1) {
		fprintf(stderr, "usage: deferred-probe-storm [--trace] [N]\n");
		return 2;
	}
	ret |= storm(1000, false);
	ret |= storm(10000, false);
	return ret;
}
