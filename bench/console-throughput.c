/*
 * Console throughput: the program ($IOMMU_LAB, build/iommu-lab by
 * default) runs a script of 100 000 cheap commands (dev show, group list,
 * iova2phys, trace clear in turn) on mt8173-evb, its output thrown away;
 * commands per second of wall time, start-up included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define COMMANDS	100000

static const char *const cheap[] = {
	"dev show ovl0",
	"group list",
	"iova2phys dom0 0x100000",
	"trace clear",
};

int main(void)
{
	const char *prog = getenv("IOMMU_LAB");
	char script[] = "/tmp/iommu-lab-bench-XXXXXX";
	double t0, dt;
	int fd, status;
	pid_t pid;
	FILE *f;

	if (!prog)
		prog = "build/iommu-lab";
	fd = mkstemp(script);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		perror("console-throughput: script");
		return 1;
	}
	for (int i = 0; i < COMMANDS; i++)
		fprintf(f, "%s\n", cheap[i % 4]);
	fclose(f);

	t0 = bench_seconds();
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(prog, prog, script, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "console-throughput: %s failed on the script\n", prog);
		unlink(script);
		return 1;
	}
	dt = bench_seconds() - t0;
	unlink(script);
	printf("console: %d cheap commands in %.2f s: %.0f commands/s\n", COMMANDS, dt,
	       COMMANDS / dt);
	return 0;
}
