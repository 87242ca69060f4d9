/*
 * The environment the libFuzzer targets run in: boards, a scratch working
 * directory for each input, emptied after it so that no input sees what
 * another wrote, and /dev/null for output.  Everything here is set up once per
 * process; the console and the machine are made afresh for each input.
 */
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "fuzz.h"

#ifndef FUZZ_BOARDS
#error "FUZZ_BOARDS names the directory of the compiled boards"
#endif

static FILE *devnull;
static char **boards;
static size_t nboards;
static char scratch[4096];
static int home = -1;		/* the working directory libFuzzer was started in */

static void scratch_remove(void);

static void die(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	exit(1);
}

void fuzz_env_init(void)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	if (devnull)
		return;
	if (!getenv("IOMMU_LAB_BOARDS") && setenv("IOMMU_LAB_BOARDS", FUZZ_BOARDS, 1))
		die("cannot set IOMMU_LAB_BOARDS");
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, STDIN_FILENO) < 0)
		die("cannot read standard input from /dev/null");
	close(fd);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		die("cannot open /dev/null");
	boards = con_board_names();
	if (!boards || !boards[0])
		die("no boards found (set IOMMU_LAB_BOARDS)");
	while (boards[nboards])
		nboards++;
	snprintf(scratch, sizeof(scratch), "%s/iommu-lab-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		die("cannot make a scratch directory");
	home = open(".", O_RDONLY | O_DIRECTORY);
	if (home < 0)
		die("cannot open the working directory");
	atexit(scratch_remove);
}

FILE *fuzz_devnull(void)
{
	return devnull;
}

char **fuzz_boards(size_t *n)
{
	*n = nboards;
	return boards;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	/* the scratch directory itself stays */
	if (ftw->level > 0)
		remove(path);
	return 0;
}

void fuzz_scratch_enter(void)
{
	if (chdir(scratch))
		die("cannot enter the scratch directory");
}

void fuzz_scratch_leave(void)
{
	nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (fchdir(home))
		die("cannot go back to the working directory");
}

static void scratch_remove(void)
{
	nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	rmdir(scratch);
}
