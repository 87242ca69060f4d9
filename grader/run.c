/*
 * Running one test: `iommu-lab --grade-fd 3 SCRIPT` in a child process
 * that leads a process group of its own, with limits on its CPU time,
 * address space, the size of the files it writes (its log), open files
 * and processes, no core dump, a fixed environment, standard input from
 * /dev/null and standard output and error to the log.  The grader reads
 * the channel (a pipe on descriptor 3) as it comes, up to its cap, and
 * kills the whole group at the wall-clock timeout, past the cap, and in
 * any case once the child has ended, so that nothing it left behind runs
 * on.  The console inside sandboxes itself as well (console/sandbox.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grader.h"

/* The channel's descriptor in the child. */
#define RUN_FD		3
#define RUN_FD_ARG	"3"
/* The console's arguments: 6, the board's 3, and --boot's. */
#define RUN_MAX_ARGS	48

/* Open files a test may hold: its three, the channel, a board, a sourced script. */
#define RUN_NOFILE	32

double run_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { .rlim_cur = soft, .rlim_max = hard };

	setrlimit(resource, &rl);
}

/* In the child: becomes the test, or exits 127 saying why on its log. */
static void __attribute__((noreturn))
child(const struct run_opts *o, const struct lab_test *t, const char *log, int chan)
{
	char boards[4096];
	char *argv[RUN_MAX_ARGS];
	size_t argc = 0;
	char *envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", "HOME=/nonexistent", boards, NULL };
	rlim_t cpu = (rlim_t)ceil(t->timeout) + 1;
	int logfd, nullfd;

	setpgid(0, 0);
	snprintf(boards, sizeof(boards), "IOMMU_LAB_BOARDS=%s", o->boards);
	logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	nullfd = open("/dev/null", O_RDONLY);
	if (logfd < 0 || nullfd < 0)
		_exit(127);
	if (dup2(nullfd, 0) < 0 || dup2(logfd, 1) < 0 || dup2(logfd, 2) < 0)
		_exit(127);
	argv[argc++] = (char *)o->program;
	argv[argc++] = "--grade-fd";
	argv[argc++] = RUN_FD_ARG;
	/*
	 * A kernel test runs on the board its machine has in the VM: q35's
	 * is kernel-lab's software M4U, booted with no driver; q35-vtd's the
	 * q35-vtd board, with the script's boot parameters.
	 */
	if (t->machine == LAB_MACHINE_Q35) {
		argv[argc++] = "--board";
		argv[argc++] = "kernel-lab-m4u";
		argv[argc++] = "--no-drivers";
	} else if (t->machine == LAB_MACHINE_Q35_VTD) {
		argv[argc++] = "--board";
		argv[argc++] = "q35-vtd";
		for (size_t b = 0; b < t->nboot && argc + 4 < RUN_MAX_ARGS; b++) {
			argv[argc++] = "--boot";
			argv[argc++] = t->boot[b];
		}
	}
	argv[argc++] = t->cmds;
	argv[argc] = NULL;
	if (chan == RUN_FD ? fcntl(RUN_FD, F_SETFD, 0) : dup2(chan, RUN_FD) < 0)
		_exit(127);
	close_range(RUN_FD + 1, ~0u, 0);
	signal(SIGPIPE, SIG_DFL);
	set_limit(RLIMIT_CPU, cpu, cpu + 1);
	set_limit(RLIMIT_AS, GRADER_AS_CAP, GRADER_AS_CAP);
	set_limit(RLIMIT_FSIZE, GRADER_LOG_CAP, GRADER_LOG_CAP);
	set_limit(RLIMIT_NOFILE, RUN_NOFILE, RUN_NOFILE);
	set_limit(RLIMIT_NPROC, 0, 0);
	set_limit(RLIMIT_CORE, 0, 0);
	execve(o->program, argv, envp);
	dprintf(2, "grader: cannot run %s: %s\n", o->program, strerror(errno));
	_exit(127);
}

/* Ends the whole group, the child first in case it left it. */
static void kill_group(pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
}

/*
 * Reads what the channel has into @b.  Returns how many bytes, 0 at its
 * end or past the cap (setting @too_much), or -1 with errno.
 */
static ssize_t read_chan(int fd, struct buf *b, bool *too_much)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n <= 0)
		return n;
	if (b->len + (size_t)n > GRADER_OUT_CAP) {
		*too_much = true;
		return 0;
	}
	buf_add(b, chunk, (size_t)n);
	return n;
}

void run_test(const struct run_opts *o, const struct lab_test *t, const char *log,
	      struct run_result *r)
{
	double start = run_clock(), deadline = start + t->timeout;
	bool open_chan = true, exited = false, too_much = false, timed_out = false;
	struct buf out = { 0 };
	int chan[2], pidfd, status = 0;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	buf_add(&out, "", 0);
	if (pipe2(chan, O_CLOEXEC)) {
		r->end = RUN_NOT_STARTED;
		r->status = errno;
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r->end = RUN_NOT_STARTED;
		r->status = errno;
		close(chan[0]);
		close(chan[1]);
		goto out;
	}
	if (pid == 0)
		child(o, t, log, chan[1]);
	setpgid(pid, pid);
	close(chan[1]);
	pidfd = pidfd_open(pid, 0);
	fcntl(chan[0], F_SETFL, O_NONBLOCK);

	while (!exited && !too_much) {
		struct pollfd p[2] = {
			{ .fd = open_chan ? chan[0] : -1, .events = POLLIN },
			{ .fd = pidfd, .events = POLLIN },
		};
		double left = deadline - run_clock();

		if (left <= 0) {
			timed_out = true;
			break;
		}
		if (poll(p, 2, (int)ceil(left * 1000)) < 0 && errno != EINTR)
			break;
		if (p[0].revents) {
			ssize_t n = read_chan(chan[0], &out, &too_much);

			open_chan = n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
		}
		/* Without a pidfd, the end of the channel stands for the end of the child. */
		if (p[1].revents || (pidfd < 0 && !open_chan))
			exited = true;
	}
	kill_group(pid);
	waitpid(pid, &status, 0);
	r->seconds = run_clock() - start;
	/* What the child wrote before it ended is still in the pipe. */
	while (open_chan && !too_much && read_chan(chan[0], &out, &too_much) > 0)
		;
	close(chan[0]);
	if (pidfd >= 0)
		close(pidfd);

	if (too_much) {
		r->end = RUN_TOO_MUCH;
	} else if (timed_out || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)) {
		r->end = RUN_TIMEOUT;
	} else if (WIFSIGNALED(status)) {
		r->end = RUN_SIGNALED;
		r->status = WTERMSIG(status);
	} else {
		r->end = RUN_EXITED;
		r->status = WEXITSTATUS(status);
	}
out:
	r->out = out.s;
	r->len = out.len;
}
