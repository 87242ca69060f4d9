/*
 * How long a student waits for `make grade LAB=01` (docs/labs.md): the
 * first grade of a submission, which compiles the student's file, links
 * the console and runs every test, and a grade again with nothing
 * changed; then the same with KERNEL=1, which builds the file into
 * kernel-lab's software M4U and runs the lab's kernel tests on Linux 6.1
 * in QEMU, where kernel headers, QEMU and a kernel image are there.  Each
 * grade goes to a folder of its own under the build tree ($IOMMU_LAB's
 * folder), which it empties first, and grades the lab's reference, so
 * that every test runs; for KERNEL=1 a copy of it with a comment added,
 * which the module cannot take as its own and must build.  Run from the project's top folder, as make bench
 * runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define LAB	"labs/01-groups"

/* Runs `make grade` of @sub with @kernel; its wall-clock seconds, or -1. */
static double grade(const char *o, const char *dir, const char *sub, bool kernel)
{
	char odir[4200], gdir[4300], kvar[16], sarg[4300];
	double t0;
	int status;
	pid_t pid;

	snprintf(odir, sizeof(odir), "O=%s", o);
	snprintf(gdir, sizeof(gdir), "GRADE_DIR=%s", dir);
	snprintf(kvar, sizeof(kvar), "KERNEL=%s", kernel ? "1" : "");
	snprintf(sarg, sizeof(sarg), "SUBMISSION=%s", sub);
	fflush(NULL);
	t0 = bench_seconds();
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execlp("make", "make", "--no-print-directory", odir, "grade", "LAB=" LAB,
		       sarg, gdir, kvar, "GRADE_JUNIT=0", "GRADE_RESULTS=", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return bench_seconds() - t0;
}

/* Whether KERNEL=1 can run here: the module built, QEMU, a kernel image. */
static bool kernel_lab_here(const char *o)
{
	char ko[4200];

	snprintf(ko, sizeof(ko), "%s/kernel-lab/iommu_lab_m4u.ko", o);
	return !access(ko, R_OK) && !system("command -v qemu-system-x86_64 >/dev/null 2>&1") &&
	       !system("ls /boot/vmlinuz-* >/dev/null 2>&1");
}

int main(void)
{
	const char *prog = getenv("IOMMU_LAB");
	char o[4096], dir[4200], cmd[4300], sub[4300], mk[8800];
	double cold, warm;

	if (!prog || !strrchr(prog, '/')) {
		fprintf(stderr, "grade: set IOMMU_LAB to the built program (make bench does)\n");
		return 1;
	}
	snprintf(o, sizeof(o), "%.*s", (int)(strrchr(prog, '/') - prog), prog);
	snprintf(dir, sizeof(dir), "%s/bench-grade", o);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);

	printf("make grade LAB=01, the reference (7 tests):\n");
	if (system(cmd))
		return 1;
	cold = grade(o, dir, LAB "/solution", false);
	warm = grade(o, dir, LAB "/solution", false);
	if (cold < 0 || warm < 0) {
		fprintf(stderr, "grade: make grade failed (run it by hand to see why)\n");
		return 1;
	}
	printf("  first grade (compile, link, tests)  %6.2f s\n", cold);
	printf("  again, nothing changed              %6.2f s\n", warm);

	if (!kernel_lab_here(o)) {
		printf("make grade LAB=01 KERNEL=1: skipped (no kernel-lab module, QEMU or kernel image)\n");
		return 0;
	}
	printf("make grade LAB=01 KERNEL=1, the reference (3 kernel tests, one boot):\n");
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	snprintf(mk, sizeof(mk), "mkdir -p '%s' && { cat '%s/solution/mtk_iommu_device_group.c'; "
		 "echo '/* a copy */'; } >'%s/mtk_iommu_device_group.c'", sub, LAB, sub);
	if (system(mk))
		return 1;
	cold = grade(o, dir, sub, true);
	warm = grade(o, dir, sub, true);
	if (cold < 0 || warm < 0) {
		fprintf(stderr, "grade: make grade KERNEL=1 failed (run it by hand to see why)\n");
		return 1;
	}
	printf("  first grade (the M4U module built, boot)  %6.2f s\n", cold);
	printf("  again (nothing rebuilt, boot)             %6.2f s\n", warm);
	system(cmd);
	return 0;
}
