/*
 * How long `make grade-all` takes to grade the whole course for one
 * submission directory on the simulator (docs/labs.md, "Grading the whole
 * course"; issue 16 asks for under 30 s): a directory holding every lab's
 * reference files, its answers files too, so that every test of every lab runs, graded first
 * from an empty grade folder (each lab's files compiled, a console linked
 * for each lab, every test run) and then again with nothing changed.  The
 * grades go under the build tree ($IOMMU_LAB's folder), emptied first.
 * Run from the project's top folder, as make bench runs it.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

/* Runs `make grade-all` of @sub into @dir; its wall-clock seconds, or -1. */
static double grade_all(const char *o, const char *dir, const char *sub)
{
	char odir[4200], gdir[4300], sarg[4300];
	double t0;
	int status;
	pid_t pid;

	snprintf(odir, sizeof(odir), "O=%s", o);
	snprintf(gdir, sizeof(gdir), "GRADE_ALL_DIR=%s", dir);
	snprintf(sarg, sizeof(sarg), "SUBMISSION=%s", sub);
	fflush(NULL);
	t0 = bench_seconds();
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execlp("make", "make", "--no-print-directory", odir, "grade-all", sarg, gdir,
		       "GRADE_JUNIT=0", "GRADE_RESULTS=", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return bench_seconds() - t0;
}

int main(void)
{
	const char *prog = getenv("IOMMU_LAB");
	char o[4096], dir[4200], sub[4300], cmd[16384];
	glob_t labs;
	double cold, warm;

	if (!prog || !strrchr(prog, '/')) {
		fprintf(stderr, "grade-all: set IOMMU_LAB to the built program (make bench does)\n");
		return 1;
	}
	snprintf(o, sizeof(o), "%.*s", (int)(strrchr(prog, '/') - prog), prog);
	snprintf(dir, sizeof(dir), "%s/bench-grade-all", o);
	snprintf(sub, sizeof(sub), "%s/references", dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s' && "
		 "for l in labs/*/manifest; do cp -L \"${l%%/manifest}\"/solution/* '%s'/ || exit 1; done",
		 dir, sub, sub);
	if (system(cmd))
		return 1;
	if (glob("labs/*/manifest", 0, NULL, &labs))
		return 1;
	printf("make grade-all, every lab's reference (%zu labs):\n", labs.gl_pathc);
	globfree(&labs);
	cold = grade_all(o, dir, sub);
	warm = grade_all(o, dir, sub);
	if (cold < 0 || warm < 0) {
		fprintf(stderr, "grade-all: make grade-all failed (run it by hand to see why)\n");
		return 1;
	}
	printf("  first grade (compile, link, tests)  %6.2f s\n", cold);
	printf("  again, nothing changed              %6.2f s\n", warm);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? 1 : 0;
}
