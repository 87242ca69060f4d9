/*
 * The console's life cycle, its error line, and the scratch strings tab
 * completion builds.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sim/check.h>
#include <sim/errno.h>
#include <sim/sim.h>

#include "console.h"

/*
 * Kernel log lines appear among the output as they are printed, as on a
 * console booted "quiet" (sim_klog_on_console()), unless they have a
 * stream of their own (--grade-fd): a graded test's log, which gets every
 * line, dev_info()'s too, as dmesg has them.  Then the invariant
 * checker's reports, which are the console's own findings about the
 * machine, are also output.
 */
static void con_klog_print(struct sim *sim, const struct sim_klog_line *line, void *ctx)
{
	struct con *con = ctx;
	const char *text = sim_klog_console_text(line);

	(void)sim;
	if (con->log) {
		fprintf(con->log, "%s\n", text);
		if (con->checking && sim_klog_on_console(line))
			fprintf(con->out, "%s\n", text);
	} else if (sim_klog_on_console(line)) {
		fprintf(con->out, "%s\n", text);
	}
}

int con_init(struct con *con)
{
	memset(con, 0, sizeof(*con));
	con->out = stdout;
	con->err = stderr;
	con->sim = sim_new();
	con->check = sim_check_new();
	if (!con->sim || !con->check)
		return -ENOMEM;
	sim_klog_set_listener(con->sim, con_klog_print, con);
	return 0;
}

void con_release(struct con *con)
{
	con_dma_maps_forget(con);
	con_graph_release(con);
	if (con->sim)
		sim_free(con->sim);
	con->sim = NULL;
	sim_check_free(con->check);
	con->check = NULL;
	free(con->board_name);
	free(con->board_path);
	free(con->blob);
	con_scratch_reset(con);
	free(con->scratch);
	con->board_name = con->board_path = NULL;
	con->blob = NULL;
	con->scratch = NULL;
	con->scratch_cap = 0;
}

int con_err(struct con *con, int err, const char *fmt, ...)
{
	va_list ap;
	char *msg, *line = NULL;
	size_t len;

	/* keep the order of output and errors when both go to one file */
	fflush(con->out);
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	len = gram_err_line(NULL, 0, con->cmd, msg ? msg : GRAM_E_NOMEM,
			    err ? sim_errname(err) : NULL);
	line = malloc(len + 1);
	if (line)
		gram_err_line(line, len + 1, con->cmd, msg ? msg : GRAM_E_NOMEM,
			      err ? sim_errname(err) : NULL);
	fputs(line ? line : "error: " GRAM_E_NOMEM "\n", con->err);
	fflush(con->err);
	free(line);
	free(msg);
	return -1;
}

int con_gram_err(struct con *con, const struct gram_err *e)
{
	return con_err(con, e->err, "%s", e->msg);
}

int con_check_name(struct con *con, const char *what, const char *name)
{
	struct gram_err e;

	if (gram_check_name(what, name, &e))
		return con_gram_err(con, &e);
	return 0;
}

void con_scratch_reset(struct con *con)
{
	for (size_t i = 0; i < con->nscratch; i++)
		free(con->scratch[i]);
	con->nscratch = 0;
}

const char *con_scratch_add(struct con *con, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (con->nscratch == con->scratch_cap) {
		size_t cap = con->scratch_cap ? con->scratch_cap * 2 : 16;
		char **v = realloc(con->scratch, cap * sizeof(*v));

		if (!v)
			return NULL;
		con->scratch = v;
		con->scratch_cap = cap;
	}
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	con->scratch[con->nscratch++] = s;
	return s;
}

const char *con_scratch_get(const struct con *con, size_t idx)
{
	return idx < con->nscratch ? con->scratch[idx] : NULL;
}

const char *con_strerror(int err)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s", strerror(err));
	/* "No such file" becomes "no such file"; "EOF" would stay */
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] += 'a' - 'A';
	return buf;
}
