/*
 * `trace diff ERA1 ERA2 SCRIPT`: runs SCRIPT twice, each time in a fresh
 * machine booted from the console's board under one era (as `era X` then
 * `reset` would, with the boot parameters the next reset would use), and
 * prints where the two runs part: first the script's output (the
 * console's lines and the kernel log), then the trace, each as a diff
 * with the eras as labels.  Trace events are compared without their
 * timestamps.  The console's own machine is not touched.  SCRIPT is read
 * once, before either run, so that both run the same lines, even from a
 * pipe, and a script that cannot be read is one error line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sim/sim.h>
#include <sim/trace.h>

#include "cmdtab.h"
#include "console.h"

#define DIFF_MAX_CELLS	(4u << 20)	/* lines1 * lines2 the comparison may take */
#define DIFF_CONTEXT	2		/* unchanged lines shown around a change */
#define DIFF_MAX_SCRIPT	(1u << 20)	/* bytes of script; /dev/zero never ends */

struct run_text {
	char **line;
	size_t count;
	char *buf;			/* what the lines point into */
};

static bool diff_running;		/* no trace diff inside a trace diff's script */

/* Splits @buf (owned from now) into lines; a trace line loses "[S.U] ". */
static int split_lines(struct run_text *t, char *buf, bool strip_time)
{
	size_t cap = 0;

	t->buf = buf;
	t->line = NULL;
	t->count = 0;
	for (char *p = buf; *p; ) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (strip_time && p[0] == '[' && strstr(p, "] "))
			p = strstr(p, "] ") + 2;
		if (t->count == cap) {
			char **l = realloc(t->line, (cap = cap ? cap * 2 : 64) * sizeof(*l));

			if (!l)
				return -ENOMEM;
			t->line = l;
		}
		t->line[t->count++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

static void run_text_free(struct run_text *t)
{
	free(t->line);
	free(t->buf);
}

/*
 * Reads the script at @path whole into @text (NUL-terminated; @len bytes
 * before the NUL, which may hold NULs of its own).  Returns 0, or -1 after
 * an error line: a path that cannot be opened, a directory or anything
 * else read() refuses, more than DIFF_MAX_SCRIPT bytes.
 */
static int read_script(struct con *con, const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t got = 0;
	int err;

	if (!f)
		return con_err(con, 0, "cannot open '%s': %s", path, con_strerror(errno));
	buf = malloc(DIFF_MAX_SCRIPT + 1);
	if (!buf) {
		fclose(f);
		return con_err(con, -ENOMEM, "no memory to read '%s'", path);
	}
	/* One byte past the limit tells a script of exactly the limit from a longer one. */
	got = fread(buf, 1, DIFF_MAX_SCRIPT + 1, f);
	err = !ferror(f) ? 0 : errno ? errno : EIO;
	fclose(f);
	if (err) {
		free(buf);
		return con_err(con, 0, "cannot read '%s': %s", path, con_strerror(err));
	}
	if (got > DIFF_MAX_SCRIPT) {
		free(buf);
		return con_err(con, 0, "'%s' is too long for a script (more than %u bytes)",
			       path, DIFF_MAX_SCRIPT);
	}
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return 0;
}

/*
 * One run: a fresh console on the same board and boot parameters, under
 * @era, as `era ERA; reset` would boot it (its invariant check included),
 * then the @len bytes of @script.
 */
static int run_under(struct con *con, enum sim_era era, const char *name,
		     const char *script, size_t len, struct run_text *out,
		     struct run_text *trace)
{
	struct con sub;
	char *obuf = NULL, *tbuf = NULL;
	size_t olen = 0, tlen = 0;
	FILE *of, *tf, *f;
	void *blob;
	int ret = -ENOMEM;

	if (con_init(&sub))
		goto out_sub;
	blob = malloc(con->blob_size);
	of = open_memstream(&obuf, &olen);
	if (!blob || !of) {
		free(blob);
		if (of)
			fclose(of);
		goto out_sub;
	}
	memcpy(blob, con->blob, con->blob_size);
	sub.out = sub.err = of;
	sub.check_off = con->check_off;
	sub.sim->era = era;
	sub.sim->boot_params = con->sim->boot_params;
	sim_trace_enable(sub.sim, true);
	if (con_board_boot(&sub, con->board_name, blob, con->blob_size, con->board_flags)) {
		free(blob);
	} else {
		sub.blob = blob;
		sub.blob_size = con->blob_size;
		sub.board_name = strdup(con->board_name);
		sub.board_flags = con->board_flags;
		con_board_summary(&sub);
		/* What the boot left wrong is the boot's, not the first command's. */
		con_check(&sub);
		/* fmemopen() of no bytes is refused by older C libraries. */
		f = len ? fmemopen((void *)script, len, "r") : NULL;
		if (len && !f) {
			fclose(of);
			goto out_sub;
		}
		if (f) {
			con_run_stream(&sub, f);
			fclose(f);
		}
	}
	fclose(of);
	tf = open_memstream(&tbuf, &tlen);
	if (!tf)
		goto out_sub;
	for (size_t i = 0; i < sim_trace_count(sub.sim); i++)
		sim_trace_print(tf, sim_trace_get(sub.sim, i));
	fclose(tf);
	ret = split_lines(out, obuf, false);
	obuf = NULL;
	if (!ret)
		ret = split_lines(trace, tbuf, true);
	else
		free(tbuf);
	tbuf = NULL;
out_sub:
	free(obuf);
	free(tbuf);
	con_release(&sub);
	if (ret)
		return con_err(con, ret, "no memory to run '%s'", name);
	return 0;
}

/* One line of the diff: MARK is ' ', '-' or '+'. */
static void diff_line(struct con *con, char mark, const char *line)
{
	fprintf(con->out, "%c %s\n", mark, line);
}

/*
 * The longest common subsequence of @a and @b, then the lines of each in
 * order: ' ' in both, '-' only under the first era, '+' only under the
 * second; unchanged runs longer than the context are counted, not shown.
 */
static int print_diff(struct con *con, const char *what, const char *era1,
		      const char *era2, const struct run_text *a, const struct run_text *b)
{
	size_t n = a->count, m = b->count, i = 0, j = 0, same = 0, changes = 0;
	unsigned int *len;

	if (n && m && (n + 1) * (m + 1) > DIFF_MAX_CELLS)
		return con_err(con, -E2BIG, "%s too long to compare: %zu and %zu lines",
			       what, n, m);
	len = calloc((n + 1) * (m + 1), sizeof(*len));
	if (!len)
		return con_err(con, -ENOMEM, "no memory to compare the %s", what);
#define L(x, y) len[(x) * (m + 1) + (y)]
	for (size_t x = n; x-- > 0; )
		for (size_t y = m; y-- > 0; )
			L(x, y) = !strcmp(a->line[x], b->line[y]) ? L(x + 1, y + 1) + 1 :
				  L(x + 1, y) > L(x, y + 1) ? L(x + 1, y) : L(x, y + 1);
	fprintf(con->out, "%s: %zu lines under %s, %zu under %s, %zu in common\n",
		what, n, era1, m, era2, (size_t)L(0, 0));
	while (i < n || j < m) {
		if (i < n && j < m && !strcmp(a->line[i], b->line[j])) {
			/* Show it if a change is near on either side. */
			size_t k = 0;

			while (i + k < n && j + k < m && !strcmp(a->line[i + k], b->line[j + k]))
				k++;
			for (size_t c = 0; c < k; c++) {
				bool near = (changes && c < DIFF_CONTEXT) ||
					    (c + DIFF_CONTEXT >= k && (i + k < n || j + k < m));

				if (near) {
					if (same)
						fprintf(con->out, "@ %zu same lines\n", same);
					same = 0;
					diff_line(con, ' ', a->line[i + c]);
				} else {
					same++;
				}
			}
			i += k;
			j += k;
		} else if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1))) {
			if (same)
				fprintf(con->out, "@ %zu same lines\n", same);
			same = 0;
			diff_line(con, '-', a->line[i++]);
			changes++;
		} else {
			if (same)
				fprintf(con->out, "@ %zu same lines\n", same);
			same = 0;
			diff_line(con, '+', b->line[j++]);
			changes++;
		}
	}
	if (same)
		fprintf(con->out, "@ %zu same lines\n", same);
#undef L
	free(len);
	return 0;
}

static int era_arg(struct con *con, const char *name)
{
	int era = sim_era_from_name(name);

	if (era < 0 || era >= ERA_COUNT)
		return con_err(con, 0, "unknown era '%s' (see era list)", name);
	return era;
}

static int cmd_trace_diff(struct con *con, int argc, char **argv)
{
	struct run_text out[2] = { 0 }, trace[2] = { 0 };
	int era1, era2, ret = -1;
	char *script = NULL;
	size_t len = 0;

	(void)argc;
	era1 = era_arg(con, argv[0]);
	if (era1 < 0)
		return -1;
	era2 = era_arg(con, argv[1]);
	if (era2 < 0)
		return -1;
	if (!con->blob)
		return con_err(con, 0, "no board loaded: load one first, the script runs on it");
	if (diff_running)
		return con_err(con, 0, "a trace diff cannot run inside a trace diff's script");
	if (read_script(con, argv[2], &script, &len))
		return -1;
	diff_running = true;
	if (!run_under(con, era1, argv[2], script, len, &out[0], &trace[0]) &&
	    !run_under(con, era2, argv[2], script, len, &out[1], &trace[1])) {
		fprintf(con->out, "trace diff %s %s %s: board %s\n", argv[0], argv[1],
			argv[2], con->board_name);
		fprintf(con->out, "--- %s\n+++ %s\n", argv[0], argv[1]);
		ret = print_diff(con, "output", argv[0], argv[1], &out[0], &out[1]);
		if (!ret)
			ret = print_diff(con, "trace", argv[0], argv[1], &trace[0], &trace[1]);
	}
	diff_running = false;
	free(script);
	for (int k = 0; k < 2; k++) {
		run_text_free(&out[k]);
		run_text_free(&trace[k]);
	}
	return ret;
}

static const char *gen_diff(struct con *con, int argi, const char *text, size_t idx)
{
	(void)con;
	(void)text;
	if (argi < 2)
		return idx < ERA_COUNT ? sim_era_name(idx) : NULL;
	return argi == 2 && idx == 0 ? CON_COMPLETE_FILES : NULL;
}

const struct con_cmd con_trace_diff_cmds[] = {
	{ "trace diff", "<era> <era> <file>", cmd_trace_diff,
	  "run a script under two eras, each on a fresh boot of this board; where output and trace part",
	  gen_diff },
	{ .name = NULL }
};
