/*
 * graph live over many redraws: the program ($IOMMU_LAB, build/iommu-lab
 * by default) runs `graph live FILE.svg` on mt8173-evb and then N
 * commands that each change the picture (domain alloc dx unmanaged and
 * domain free dx in turn: a loose domain comes and goes), so that it lays
 * out and draws N + 1 pictures.  N = 1000, 3000 and 10 000: prints the
 * time per picture and the program's peak memory, which stays the same
 * however many pictures are drawn since each is drawn in a child process
 * that takes what Graphviz loses with it (it grew by some 56 KiB a
 * picture when they were drawn in the program itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sim/types.h>

#include "bench.h"

static const int sizes[] = { 1000, 3000, 10000 };

/* Runs @prog on a script of @n changes; its time and peak memory. */
static int run(const char *prog, const char *dir, int n, double *secs, long *rss)
{
	char script[4096];
	struct rusage ru;
	double t0;
	int status;
	pid_t pid;
	FILE *f;

	snprintf(script, sizeof(script), "%s/script", dir);
	f = fopen(script, "w");
	if (!f)
		return -1;
	fprintf(f, "graph live %s/live.svg\n", dir);
	for (int i = 0; i < n; i++)
		fputs(i % 2 ? "domain free dx\n" : "domain alloc dx unmanaged\n", f);
	if (fclose(f))
		return -1;

	fflush(NULL);
	t0 = bench_seconds();
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(prog, prog, script, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	*secs = bench_seconds() - t0;
	*rss = ru.ru_maxrss;
	unlink(script);
	return 0;
}

int main(void)
{
	const char *prog = getenv("IOMMU_LAB");
	char dir[] = "/tmp/iommu-lab-bench-XXXXXX", pic[4096];
	long prev_rss = 0;
	int ret = 0;

	if (!prog)
		prog = "build/iommu-lab";
	if (!mkdtemp(dir)) {
		perror("graph-live: mkdtemp");
		return 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes) && !ret; i++) {
		double secs;
		long rss;

		if (run(prog, dir, sizes[i], &secs, &rss)) {
			fprintf(stderr, "graph-live: %s failed on %d changes\n", prog, sizes[i]);
			ret = 1;
			break;
		}
		printf("graph live: pictures=%d time=%.1f s (%.1f ms each) peak=%ld KiB",
		       sizes[i] + 1, secs, secs * 1e3 / (sizes[i] + 1), rss);
		if (i)
			printf(" (x%.1f the pictures: peak x%.2f)",
			       (double)sizes[i] / sizes[i - 1], (double)rss / prev_rss);
		printf("\n");
		prev_rss = rss;
	}
	snprintf(pic, sizeof(pic), "%s/live.svg", dir);
	unlink(pic);
	rmdir(dir);
	return ret;
}
