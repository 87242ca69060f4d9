/*
 * Running command lines: the one path shared by the terminal, -c, script
 * files, standard input and `source`.  Failures are counted here, here
 * -e turns the first one into a stop, and here the machine checks its
 * invariants after every command.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/check.h>
#include <sim/errno.h>

#include "cmdtab.h"
#include "console.h"

static void con_failed(struct con *con)
{
	con->failures++;
	if (con->stop_on_error)
		con->stop = true;
}

void con_check_set(struct con *con, bool on)
{
	if (on && con->check_off)
		sim_check_forget(con->check);
	con->check_off = !on;
}

/* The checker reports in the kernel log; a failure of its own is one line. */
void con_check(struct con *con)
{
	int ret;

	if (con->check_off)
		return;
	con->checking = true;
	ret = sim_check_run(con->check, con->sim);
	con->checking = false;
	if (ret != -ENOMEM)
		return;
	con->cmd = NULL;
	con_err(con, -ENOMEM, "the invariant check ran out of memory");
}

void con_run_line(struct con *con, const char *line)
{
	size_t len = strlen(line);
	char *buf = malloc(len + 1);
	char **argv = calloc(len + 2, sizeof(*argv));
	struct gram_err e;
	int argc;

	con->cmd = NULL;
	if (!buf || !argv) {
		con_err(con, -ENOMEM, "no memory for the line");
		con_failed(con);
	} else if (gram_split(line, buf, argv, &e)) {
		con_gram_err(con, &e);
		con_failed(con);
	} else {
		for (char **cmd = argv; *cmd && !con->stop; cmd += argc + 1) {
			argc = gram_argc(cmd);
			if (con_dispatch(con, argc, cmd))
				con_failed(con);
			con_check(con);
			if (con_graph_live_update(con))
				con_failed(con);
		}
	}
	free(argv);
	free(buf);
}

/* Whether @f holds input already read ahead (glibc's pointers, public in its FILE). */
static bool stream_read_ahead(FILE *f)
{
#ifdef __GLIBC__
	return f->_IO_read_ptr < f->_IO_read_end;
#else
	return true;
#endif
}

/* While `graph serve` is on, browsers are answered until the next line comes. */
static void serve_until_input(struct con *con, FILE *f)
{
	while (con_graph_serving(con) && !stream_read_ahead(f) &&
	       !con_graph_serve_wait(con, fileno(f), -1))
		;
}

int con_run_stream(struct con *con, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while (!con->stop && (serve_until_input(con, f), (len = getline(&line, &cap, f)) >= 0)) {
		const char *nul;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		/* A C string would end there, and the rest be lost unseen. */
		nul = memchr(line, '\0', len);
		if (nul) {
			con->cmd = NULL;
			con_err(con, 0, GRAM_E_NUL,
				(size_t)(nul - line) + 1);
			con_failed(con);
			continue;
		}
		con_run_line(con, line);
	}
	free(line);
	return ferror(f) ? -EIO : 0;
}
