/*
 * Helpers for the benchmarks: the clock, a board read and booted, and a
 * measurement run in a child process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

int bench_in_child(int (*fn)(void *arg), void *arg, long *maxrss_kib)
{
	struct rusage ru;
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int ret = fn(arg);

		fflush(NULL);
		_exit(ret ? 1 : 0);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return -1;
	*maxrss_kib = ru.ru_maxrss;
	if (!WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

void *bench_shared(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		return NULL;
	}
	return p;
}
