/*
 * Helpers for the benchmarks: the clock, and a board read and booted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sim/board.h>

#include "bench.h"

double bench_seconds(void)
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

struct sim *bench_boot(const char *name)
{
	struct sim *sim = sim_new();
	char err[256];
	size_t size = 0;
	void *fdt = read_board(name, &size);

	if (!sim || !fdt || sim_board_boot(sim, name, fdt, size, 0, err, sizeof(err))) {
		fprintf(stderr, "cannot boot %s\n", name);
		sim_free(sim);
		free(fdt);
		return NULL;
	}
	free(fdt);
	sim_trace_enable(sim, false);
	return sim;
}
