/*
 * iommu-lab: the command line and the ways to run.  Commands come from the
 * terminal (interactive, with readline, or full-screen with --tui), from -c,
 * from a script FILE, or from standard input when it is not a terminal; all
 * of them go through con_run_line().  Exit status: 0, 1 if a command
 * failed (or the full-screen interface could not start), 2 for a bad
 * command line.
 *
 * --grade-fd FD runs a graded test (docs/labs.md): the console's own lines
 * go to FD, the kernel log and whatever else is printed to standard
 * output, the process sandboxes itself, no board is loaded but the one
 * the script (or --board) names, and FD ends with the end record of
 * grader/grade-fd.h once the script has run and the machine is gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <grader/grade-fd.h>
#include <sim/board.h>

#include "console.h"

#define EXIT_USAGE 2
#define CON_MAX_BOOT 16		/* --boot options */

static const char usage_text[] =
	"usage: iommu-lab [options] [FILE]\n"
	"\n"
	"Runs the commands in FILE, or given with -c, or typed at the terminal\n"
	"(standard input that is not a terminal is read like a FILE).\n"
	"\n"
	"options:\n"
	"  -c COMMANDS         run COMMANDS, separated by ';', then exit\n"
	"  -e                  stop at the first failing command\n"
	"  -k                  keep going after a failing command (the default)\n"
	"  -x                  print each command of -c or FILE before its output,\n"
	"                      as 'iommu-lab> COMMAND' (set echo on|off)\n"
	"  --board NAME|FILE   start on this board (default: " CON_DEFAULT_BOARD ")\n"
	"  --no-drivers        boot that board without registering any driver\n"
	"  --boot NAME=VALUE   a boot parameter for that board, as 'set NAME VALUE' before\n"
	"                      it loads, printing nothing; may be given again\n"
	"  --tui               full-screen interface: topology, graph, trace, output, command line\n"
	"  --grade-fd FD       a graded test: the console's lines to FD, the kernel log to\n"
	"                      standard output, in a sandbox (docs/labs.md)\n"
	"  --help              show this help and exit\n"
	"  --version           show the version and exit\n"
	"\n"
	"A failing command makes the exit status 1; '#' starts a comment.\n"
	"Type 'help' for the commands.\n";

struct con_opts {
	const char *cmds;		/* -c */
	const char *file;
	const char *board;
	bool board_given;		/* --board */
	const char *boot[CON_MAX_BOOT];	/* --boot NAME=VALUE */
	size_t nboot;
	int grade_fd;			/* --grade-fd, or -1 */
	bool no_drivers;
	bool stop_on_error;
	bool echo;			/* -x */
	bool tui;
	bool help, version;
};

static int usage_error(const char *fmt, const char *what)
{
	fputs("error: ", stderr);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	return -1;
}

/* A descriptor number, open in this process: 0, or -1. */
static int parse_fd(const char *s, int *fd)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > INT_MAX || fcntl((int)v, F_GETFD) < 0)
		return -1;
	*fd = (int)v;
	return 0;
}

/* Whether @s is NAME=VALUE, both of letters, digits, '.', '_' and '-'. */
static bool boot_param_ok(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq && eq > s && eq[1] && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") ==
		(size_t)(eq - s) && strspn(eq + 1, "abcdefghijklmnopqrstuvwxyz"
					   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(eq + 1);
}

/* Returns 0, or -1 after an error line. */
static int parse_args(int argc, char **argv, struct con_opts *o)
{
	bool options_done = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options_done || a[0] != '-' || !a[1]) {
			if (o->file)
				return usage_error("unexpected argument '%s'", a);
			o->file = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			options_done = true;
			continue;
		}
		if (a[1] == '-') {
			if (!strcmp(a, "--help")) {
				o->help = true;
			} else if (!strcmp(a, "--version")) {
				o->version = true;
			} else if (!strcmp(a, "--no-drivers")) {
				o->no_drivers = true;
			} else if (!strcmp(a, "--tui")) {
				o->tui = true;
			} else if (!strncmp(a, "--board=", 8)) {
				o->board = a + 8;
				o->board_given = true;
			} else if (!strcmp(a, "--board")) {
				if (i + 1 == argc)
					return usage_error("option '%s' needs an argument", a);
				o->board = argv[++i];
				o->board_given = true;
			} else if (!strcmp(a, "--boot")) {
				if (i + 1 == argc)
					return usage_error("option '%s' needs an argument", a);
				if (!boot_param_ok(argv[++i]))
					return usage_error("bad boot parameter '%s' (use NAME=VALUE)", argv[i]);
				if (o->nboot == CON_MAX_BOOT)
					return usage_error("%s", "too many --boot options");
				o->boot[o->nboot++] = argv[i];
			} else if (!strcmp(a, "--grade-fd")) {
				if (i + 1 == argc)
					return usage_error("option '%s' needs an argument", a);
				if (parse_fd(argv[++i], &o->grade_fd))
					return usage_error("bad file descriptor '%s' for --grade-fd", argv[i]);
			} else {
				return usage_error("unknown option '%s'", a);
			}
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			switch (*p) {
			case 'e':
				o->stop_on_error = true;
				break;
			case 'k':
				o->stop_on_error = false;
				break;
			case 'x':
				o->echo = true;
				break;
			case 'h':
				o->help = true;
				break;
			case 'c':
				if (p[1]) {
					o->cmds = p + 1;
				} else {
					if (i + 1 == argc)
						return usage_error("option '%s' needs an argument", "-c");
					o->cmds = argv[++i];
				}
				goto next_arg;	/* the rest of the word was the value */
			default: {
				char opt[3] = { '-', *p, '\0' };

				return usage_error("unknown option '%s'", opt);
			}
			}
		}
next_arg:
		;
	}
	if (o->cmds && o->file)
		return usage_error("%s", "give commands with -c or in a FILE, not both");
	if (o->tui && (o->cmds || o->file))
		return usage_error("%s", "--tui reads commands from the terminal, not from -c or a FILE");
	if (o->grade_fd >= 0 && !o->cmds && !o->file)
		return usage_error("%s", "--grade-fd runs a FILE or -c, not the terminal");
	if (o->grade_fd >= 0 && o->tui)
		return usage_error("%s", "--grade-fd runs a FILE or -c, not --tui");
	if (!*o->board)
		return usage_error("%s", "--board needs a board name or file");
	return 0;
}

/*
 * --grade-fd: command output and error lines to @fd, line by line so that
 * a test that dies leaves what it printed; the kernel log to standard
 * output.  Then the sandbox.  Returns 0, or -1 after an error line.
 */
static int grade_setup(struct con *con, int fd)
{
	FILE *f = fdopen(fd, "w");
	int ret;

	if (!f)
		return usage_error("cannot write to --grade-fd %s", con_strerror(errno));
	setvbuf(f, NULL, _IOLBF, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	con->out = con->err = f;
	con->log = stdout;
	ret = con_sandbox();
	if (ret) {
		con->cmd = "--grade-fd";
		return con_err(con, 0, "cannot install the sandbox: %s", con_strerror(-ret));
	}
	return 0;
}

/* --grade-fd: the end record, after everything else.  Returns 0, or -1. */
static int grade_end(struct con *con)
{
	fputs(GRADE_FD_END, con->out);
	return fclose(con->out) ? -1 : 0;
}

/*
 * --boot: each parameter set as `set NAME VALUE` sets it, its line kept
 * off the console's output.  Returns 0, or -1 after an error line.
 */
static int set_boot_params(struct con *con, const struct con_opts *o)
{
	for (size_t i = 0; i < o->nboot; i++) {
		const char *eq = strchr(o->boot[i], '=');
		FILE *out = con->out, *err = con->err, *quiet;
		unsigned int failures = con->failures;
		char line[256], *said = NULL;
		size_t said_len = 0;

		snprintf(line, sizeof(line), "set %.*s %s", (int)(eq - o->boot[i]), o->boot[i],
			 eq + 1);
		quiet = open_memstream(&said, &said_len);
		if (!quiet)
			return usage_error("%s", "out of memory");
		con->out = con->err = quiet;
		con_run_line(con, line);
		fclose(quiet);
		con->out = out;
		con->err = err;
		if (con->failures != failures) {
			const char *why = said ? said : "\n";

			if (!strncmp(why, "error: ", 7))
				why += 7;
			fprintf(stderr, "error: --boot %s: %s", o->boot[i], why);
			free(said);
			return -1;
		}
		free(said);
	}
	return 0;
}

/* Runs -c's commands, each line of the string as a line of a script. */
static void run_commands(struct con *con, const char *cmds)
{
	char *copy = strdup(cmds), *line, *save = NULL;

	if (!copy) {
		con_err(con, 0, "out of memory");
		con->failures++;
		return;
	}
	for (line = strtok_r(copy, "\n", &save); line && !con->stop;
	     line = strtok_r(NULL, "\n", &save))
		con_run_line(con, line);
	free(copy);
}

int main(int argc, char **argv)
{
	struct con_opts o = { .board = CON_DEFAULT_BOARD, .grade_fd = -1 };
	FILE *script = NULL;
	struct con con;
	bool ran = false;		/* the script ran to its end */
	int status = 0;

	if (parse_args(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (o.version) {
		printf("iommu-lab %s\n", CON_VERSION);
		return 0;
	}
	if (o.file) {
		script = strcmp(o.file, "-") ? fopen(o.file, "r") : stdin;
		if (!script) {
			fprintf(stderr, "error: cannot open '%s': %s\n", o.file,
				con_strerror(errno));
			return 1;
		}
	}
	if (con_init(&con)) {
		fputs("error: out of memory\n", stderr);
		status = 1;
		goto out_close;
	}
	if (o.grade_fd >= 0 && grade_setup(&con, o.grade_fd)) {
		status = 1;
		goto out_release;
	}
	con.interactive = o.tui || (!o.cmds && !o.file && isatty(STDIN_FILENO));
	con.stop_on_error = o.stop_on_error && !con.interactive;

	if (set_boot_params(&con, &o)) {
		status = EXIT_USAGE;
		goto out_release;
	}
	/* A graded test loads its own board: no student code runs before it. */
	con.cmd = "board load";
	if ((o.grade_fd < 0 || o.board_given) &&
	    con_board_load(&con, o.board, o.no_drivers ? BOARD_NO_DRIVERS : 0, true)) {
		status = 1;
		goto out_release;
	}
	con.cmd = NULL;
	con.echo = o.echo;

	if (o.tui) {
		con.cmd = "--tui";
		if (con_tui(&con))
			status = 1;
		con.cmd = NULL;
	} else if (o.cmds) {
		run_commands(&con, o.cmds);
	} else if (script) {
		if (con_run_stream(&con, script)) {
			con.cmd = NULL;
			con_err(&con, 0, "cannot read '%s'", o.file);
			con.failures++;
		}
	} else if (con.interactive) {
		con_repl(&con);
	} else {
		if (con_run_stream(&con, stdin)) {
			con.cmd = NULL;
			con_err(&con, 0, "cannot read standard input");
			con.failures++;
		}
	}
	if (!con.interactive && con.failures)
		status = 1;
	ran = true;

out_release:
	con_release(&con);
out_close:
	if (script && script != stdin)
		fclose(script);
	if (fflush(stdout) && !status)
		status = 1;
	if (o.grade_fd >= 0 && ran && grade_end(&con) && !status)
		status = 1;
	return status;
}
