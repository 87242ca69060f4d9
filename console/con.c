/*
 * The console's life cycle, its error line, and the scratch strings tab
 * completion builds.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sim/check.h>
#include <sim/errno.h>
#include <sim/name.h>
#include <sim/sim.h>

#include "console.h"

/* Kernel log lines appear among the output as they are printed, as on a console. */
static void con_klog_print(struct sim *sim, const struct sim_klog_line *line, void *ctx)
{
	struct con *con = ctx;

	(void)sim;
	fprintf(con->out, "%s\n", line->text);
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

/* Length of the valid UTF-8 sequence at @s (1..4), or 0 if there is none. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned int cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, past U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Writes @s as one line that shows what the user typed and cannot break
 * the terminal or the line: a control character or a byte that is not
 * part of valid UTF-8 becomes \xNN.
 */
static void put_printable(const char *s, FILE *f)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p >= 0x80 ? utf8_len(p) : 1;

		if (n > 1) {
			fwrite(p, 1, n, f);
			p += n;
		} else if (*p < 0x20 || *p == 0x7f || *p >= 0x80) {
			fprintf(f, "\\x%02x", *p++);
		} else {
			fputc(*p++, f);
		}
	}
}

int con_err(struct con *con, int err, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	/* keep the order of output and errors when both go to one file */
	fflush(con->out);
	fputs("error: ", con->err);
	if (con->cmd)
		fprintf(con->err, "%s: ", con->cmd);
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	put_printable(msg ? msg : "out of memory", con->err);
	free(msg);
	if (err)
		fprintf(con->err, " (%s)", sim_errname(err));
	fputc('\n', con->err);
	fflush(con->err);
	return -1;
}

int con_check_name(struct con *con, const char *what, const char *name)
{
	if (sim_name_valid(name))
		return 0;
	return con_err(con, 0, "bad %s name '%s': %s", what, name, SIM_NAME_RULE);
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
