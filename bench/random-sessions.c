/*
 * Random sessions: 10 000 sessions of 60 commands (tests/fuzz/session.c,
 * seeds 1 to 10 000, so every board and era in turn), run one after
 * another in this process, each on a fresh console and machine as
 * `iommu-lab FILE` runs one, output thrown away.  Prints, after each
 * tenth, the time so far and the peak resident memory: the time should
 * grow with the sessions run, and the peak should stop growing once every
 * board has been seen, as nothing a session makes outlives it.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../console/console.h"
#include "../tests/fuzz/session.h"
#include "bench.h"

#define SESSIONS	10000
#define COMMANDS	60

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_maxrss;
}

/* Runs @text as a script on a console booted as the program boots one. */
static int run_session(const char *text, size_t len, FILE *devnull)
{
	struct con con;
	FILE *f;

	if (con_init(&con))
		return -1;
	con.out = con.err = devnull;
	if (con_board_load(&con, CON_DEFAULT_BOARD, 0, true)) {
		con_release(&con);
		return -1;
	}
	f = fmemopen((void *)text, len, "r");
	if (!f) {
		con_release(&con);
		return -1;
	}
	con_run_stream(&con, f);
	fclose(f);
	con_release(&con);
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/iommu-lab-bench-XXXXXX";
	struct session_gen *g;
	double t0, gen = 0;
	FILE *devnull;
	int status = 0;

	/* `tui` must find no terminal; `graph` writes into a directory of our own */
	devnull = fopen("/dev/null", "w");
	if (!devnull || !freopen("/dev/null", "r", stdin) || !mkdtemp(dir) || chdir(dir)) {
		perror("random-sessions");
		return 1;
	}
	g = session_gen_new();
	if (!g)
		return 1;

	t0 = bench_seconds();
	for (unsigned int s = 1; s <= SESSIONS; s++) {
		double t = bench_seconds();
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);

		if (!f) {
			perror("random-sessions");
			status = 1;
			break;
		}
		session_gen_write(g, s, COMMANDS, f);
		fclose(f);
		gen += bench_seconds() - t;
		if (run_session(text, len, devnull)) {
			fprintf(stderr, "random-sessions: session %u could not start\n", s);
			free(text);
			status = 1;
			break;
		}
		free(text);
		if (s % (SESSIONS / 10) == 0)
			printf("random sessions: %5u in %6.2f s (%.2f s writing them), peak RSS %ld MiB\n",
			       s, bench_seconds() - t0, gen, peak_rss_kib() / 1024);
	}
	if (!status)
		printf("random sessions: %d of %d commands: %.0f sessions/s\n", SESSIONS,
		       COMMANDS, SESSIONS / (bench_seconds() - t0));
	session_gen_free(g);
	fclose(devnull);
	/* the pictures the sessions wrote, and the directory */
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS))
		status = 1;
	return status;
}
