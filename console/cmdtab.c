/*
 * The command table and everything derived from it: splitting a line into
 * commands, finding a command's row, argument-count checks from the row's
 * spec, help, and the "did you mean" suggestion for mistyped names.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

const char con_complete_files[] = "<files>";

static const struct con_cmd *const con_tables[] = {
	con_misc_cmds,
	con_board_cmds,
	con_dev_cmds,
	con_drv_cmds,
	con_iommu_cmds,
	con_pgtable_cmds,
	con_dma_map_cmds,
	con_dma_cmds,
	con_vfio_cmds,
	con_hw_cmds,
	con_trace_cmds,
	con_inject_cmds,
	con_graph_cmds,
};

size_t con_cmd_count(void)
{
	size_t n = 0;

	for (size_t t = 0; t < ARRAY_SIZE(con_tables); t++)
		for (const struct con_cmd *c = con_tables[t]; c->name; c++)
			n++;
	return n;
}

const struct con_cmd *con_cmd_get(size_t i)
{
	for (size_t t = 0; t < ARRAY_SIZE(con_tables); t++)
		for (const struct con_cmd *c = con_tables[t]; c->name; c++)
			if (i-- == 0)
				return c;
	return NULL;
}

size_t con_cmd_word0_len(const struct con_cmd *cmd)
{
	return strcspn(cmd->name, " ");
}

int con_cmd_words(const struct con_cmd *cmd)
{
	return cmd->name[con_cmd_word0_len(cmd)] ? 2 : 1;
}

static bool word0_is(const struct con_cmd *cmd, const char *w0)
{
	size_t len = con_cmd_word0_len(cmd);

	return strlen(w0) == len && !strncmp(cmd->name, w0, len);
}

const struct con_cmd *con_cmd_lookup(const char *w0, const char *w1)
{
	const struct con_cmd *cmd;

	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		if (!word0_is(cmd, w0))
			continue;
		if (!w1 && con_cmd_words(cmd) == 1)
			return cmd;
		if (w1 && con_cmd_words(cmd) == 2 &&
		    !strcmp(cmd->name + con_cmd_word0_len(cmd) + 1, w1))
			return cmd;
	}
	return NULL;
}

bool con_cmd_is_group(const char *w0)
{
	const struct con_cmd *cmd;

	for (size_t i = 0; (cmd = con_cmd_get(i)); i++)
		if (con_cmd_words(cmd) == 2 && word0_is(cmd, w0))
			return true;
	return false;
}

/*
 * Counts the arguments a spec allows.  Spec words are split at spaces
 * outside brackets; "[...]" words are optional and a word ending in "..."
 * (inside its outer brackets) repeats.  @max is -1 for no limit.
 */
static void spec_arity(const char *spec, int *min, int *max)
{
	const char *p = spec ? spec : "";

	*min = 0;
	*max = 0;
	for (;;) {
		const char *start, *end;
		bool optional;
		int depth = 0;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && (depth > 0 || *p != ' ')) {
			if (*p == '[' || *p == '<')
				depth++;
			else if (*p == ']' || *p == '>')
				depth--;
			p++;
		}
		end = p;
		optional = *start == '[';
		if (optional && end[-1] == ']')
			end--;
		if (end - start >= 3 && !strncmp(end - 3, "...", 3)) {
			if (!optional)
				(*min)++;
			*max = -1;
		} else {
			if (!optional)
				(*min)++;
			if (*max >= 0)
				(*max)++;
		}
	}
}

static void print_usage(FILE *f, const struct con_cmd *cmd)
{
	fputs(cmd->name, f);
	if (cmd->args && *cmd->args)
		fprintf(f, " %s", cmd->args);
}

static size_t usage_len(const struct con_cmd *cmd)
{
	size_t n = strlen(cmd->name);

	if (cmd->args && *cmd->args)
		n += 1 + strlen(cmd->args);
	return n;
}

/* Help columns: usage, then the description from this column on. */
#define HELP_MAX_COLUMN 36

static bool help_matches(const struct con_cmd *cmd, const char *topic)
{
	size_t len;

	if (!topic)
		return true;
	len = strlen(topic);
	return !strncmp(cmd->name, topic, len) &&
	       (cmd->name[len] == '\0' || cmd->name[len] == ' ');
}

int con_help(struct con *con, const char *topic)
{
	const struct con_cmd *cmd;
	size_t width = 0;
	bool found = false;

	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		size_t len = usage_len(cmd);

		if (!help_matches(cmd, topic))
			continue;
		found = true;
		if (len <= HELP_MAX_COLUMN && len > width)
			width = len;
	}
	if (!found) {
		struct con_suggest s;
		const char *best;

		con_suggest_init(&s, topic);
		for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
			con_suggest_add(&s, cmd->name, con_cmd_word0_len(cmd));
			con_suggest_add(&s, cmd->name, strlen(cmd->name));
		}
		best = con_suggest_best(&s);
		if (best)
			return con_err(con, 0, "unknown command '%s'; did you mean '%s'?",
				       topic, best);
		return con_err(con, 0, "unknown command '%s'", topic);
	}

	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		size_t len = usage_len(cmd);

		if (!help_matches(cmd, topic))
			continue;
		print_usage(con->out, cmd);
		if (len > width)
			fprintf(con->out, "\n%*s", (int)width, "");
		else
			fprintf(con->out, "%*s", (int)(width - len), "");
		fprintf(con->out, "  %s\n", cmd->desc);
		/* One command asked for: its example too. */
		if (topic && !strcmp(topic, cmd->name) && con_cmd_example(cmd))
			fprintf(con->out, "%*s  example: %s\n", (int)width, "",
				con_cmd_example(cmd));
	}
	return 0;
}

/* Lists @w0's subcommands for an error line: "list, show, add, del". */
static void subcommand_list(const char *w0, char *buf, size_t size)
{
	const struct con_cmd *cmd;
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		int n;

		if (con_cmd_words(cmd) != 2 || !word0_is(cmd, w0))
			continue;
		n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
			     cmd->name + con_cmd_word0_len(cmd) + 1);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += n;
	}
}

static int unknown_command(struct con *con, int argc, char **argv)
{
	const struct con_cmd *cmd;
	struct con_suggest s;
	const char *best;

	if (!con_cmd_is_group(argv[0])) {
		con->cmd = NULL;
		con_suggest_init(&s, argv[0]);
		for (size_t i = 0; (cmd = con_cmd_get(i)); i++)
			con_suggest_add(&s, cmd->name, con_cmd_word0_len(cmd));
		best = con_suggest_best(&s);
		if (best)
			return con_err(con, 0, "unknown command '%s'; did you mean '%s'?",
				       argv[0], best);
		return con_err(con, 0, "unknown command '%s'", argv[0]);
	}

	con->cmd = argv[0];
	if (argc < 2) {
		char list[256];

		subcommand_list(argv[0], list, sizeof(list));
		return con_err(con, 0, "missing subcommand (%s)", list);
	}
	con_suggest_init(&s, argv[1]);
	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		size_t len = con_cmd_word0_len(cmd);

		if (con_cmd_words(cmd) == 2 && word0_is(cmd, argv[0]))
			con_suggest_add(&s, cmd->name + len + 1, strlen(cmd->name + len + 1));
	}
	best = con_suggest_best(&s);
	if (best)
		return con_err(con, 0, "unknown subcommand '%s'; did you mean '%s'?",
			       argv[1], best);
	return con_err(con, 0, "unknown subcommand '%s'", argv[1]);
}

int con_dispatch(struct con *con, int argc, char **argv)
{
	const struct con_cmd *cmd = NULL;
	int min, max, nargs, ret;

	if (argc < 1)
		return 0;
	if (argc >= 2)
		cmd = con_cmd_lookup(argv[0], argv[1]);
	if (!cmd)
		cmd = con_cmd_lookup(argv[0], NULL);
	if (!cmd) {
		ret = unknown_command(con, argc, argv);
		con->cmd = NULL;
		return ret;
	}

	con->cmd = cmd->name;
	nargs = argc - con_cmd_words(cmd);
	spec_arity(cmd->args, &min, &max);
	if (nargs < min || (max >= 0 && nargs > max)) {
		bool has_args = cmd->args && *cmd->args;

		ret = con_err(con, 0, "usage: %s%s%s", cmd->name,
			      has_args ? " " : "", has_args ? cmd->args : "");
	} else {
		ret = cmd->fn(con, nargs, argv + con_cmd_words(cmd));
		/* Work queued by the command runs once it has returned. */
		sim_run_due(con->sim);
	}
	fflush(con->out);
	con->cmd = NULL;
	return ret;
}

/* Tokeniser */

struct strbuf {
	char *buf;
	size_t len, cap;
};

static int sb_addc(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap) {
		size_t cap = sb->cap ? sb->cap * 2 : 32;
		char *p = realloc(sb->buf, cap);

		if (!p)
			return -1;
		sb->buf = p;
		sb->cap = cap;
	}
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
	return 0;
}

static int words_add(struct con_words *w, char *word)
{
	char **v = realloc(w->argv, (w->argc + 2) * sizeof(*v));

	if (!v)
		return -1;
	w->argv = v;
	w->argv[w->argc++] = word;
	w->argv[w->argc] = NULL;
	return 0;
}

static int line_add(struct con_line *line, struct con_words *w)
{
	struct con_words *v;

	if (w->argc == 0)
		return 0;
	v = realloc(line->cmds, (line->ncmds + 1) * sizeof(*v));
	if (!v)
		return -1;
	line->cmds = v;
	line->cmds[line->ncmds++] = *w;
	w->argc = 0;
	w->argv = NULL;
	return 0;
}

static void words_free(struct con_words *w)
{
	for (int i = 0; i < w->argc; i++)
		free(w->argv[i]);
	free(w->argv);
	w->argc = 0;
	w->argv = NULL;
}

void con_line_free(struct con_line *line)
{
	for (int i = 0; i < line->ncmds; i++)
		words_free(&line->cmds[i]);
	free(line->cmds);
	line->cmds = NULL;
	line->ncmds = 0;
}

/* Ends the word being built, if any, and adds it to @w. */
static int end_word(struct strbuf *sb, bool *in_word, struct con_words *w)
{
	char *word;

	if (!*in_word)
		return 0;
	word = sb->buf ? sb->buf : strdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	*in_word = false;
	if (!word || words_add(w, word)) {
		free(word);
		return -1;
	}
	return 0;
}

int con_tokenise(const char *line, struct con_line *out, char *err, size_t errlen)
{
	struct strbuf sb = { 0 };
	struct con_words w = { 0 };
	bool in_word = false;
	const char *p = line;
	char quote;

	out->cmds = NULL;
	out->ncmds = 0;
	for (;;) {
		char c = *p;

		if (c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (end_word(&sb, &in_word, &w))
				goto out_nomem;
			if (!c)
				break;
			p++;
			continue;
		}
		if (c == ';') {
			if (end_word(&sb, &in_word, &w) || line_add(out, &w))
				goto out_nomem;
			p++;
			continue;
		}
		if (c == '#' && !in_word)
			break;
		in_word = true;
		if (c == '\'' || c == '"') {
			quote = c;
			for (p++; *p != quote; p++) {
				if (!*p) {
					snprintf(err, errlen, "unterminated %s quote",
						 quote == '\'' ? "single" : "double");
					goto out_fail;
				}
				if (quote == '"' && *p == '\\' &&
				    (p[1] == '"' || p[1] == '\\'))
					p++;
				if (sb_addc(&sb, *p))
					goto out_nomem;
			}
			p++;
			continue;
		}
		if (c == '\\' && p[1])
			p++;
		if (sb_addc(&sb, *p))
			goto out_nomem;
		p++;
	}
	if (line_add(out, &w))
		goto out_nomem;
	return 0;

out_nomem:
	snprintf(err, errlen, "out of memory");
out_fail:
	free(sb.buf);
	words_free(&w);
	con_line_free(out);
	return -1;
}

/* Completion */

const char *con_gen_commands(struct con *con, int argi, const char *text, size_t idx)
{
	const struct con_cmd *cmd;

	if (argi > 0)
		return NULL;
	if (idx == 0) {
		con_scratch_reset(con);
		for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
			size_t len = con_cmd_word0_len(cmd);
			size_t j;

			for (j = 0; j < con->nscratch; j++)
				if (strlen(con->scratch[j]) == len &&
				    !strncmp(con->scratch[j], cmd->name, len))
					break;
			if (j == con->nscratch)
				con_scratch_add(con, "%.*s", (int)len, cmd->name);
		}
	}
	return con_scratch_get(con, idx);
}

/* Suggestions */

#define DIST_MAX_LEN 63

unsigned int con_edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	unsigned int d[DIST_MAX_LEN + 1][DIST_MAX_LEN + 1];

	if (alen > DIST_MAX_LEN || blen > DIST_MAX_LEN)
		return UINT_MAX;
	for (size_t i = 0; i <= alen; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= blen; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= alen; i++) {
		for (size_t j = 1; j <= blen; j++) {
			unsigned int cost = a[i - 1] != b[j - 1];
			unsigned int v = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[alen][blen];
}

void con_suggest_init(struct con_suggest *s, const char *word)
{
	s->word = word;
	s->best[0] = '\0';
	s->dist = UINT_MAX;
}

void con_suggest_add(struct con_suggest *s, const char *cand, size_t len)
{
	unsigned int dist;

	if (len >= sizeof(s->best))
		return;
	dist = con_edit_distance(s->word, strlen(s->word), cand, len);
	/* the first of equally near candidates wins, so the table order decides */
	if (dist < s->dist) {
		s->dist = dist;
		memcpy(s->best, cand, len);
		s->best[len] = '\0';
	}
}

const char *con_suggest_best(const struct con_suggest *s)
{
	/* two edits, and fewer edits than letters typed: "q" is not "quit" */
	if (s->dist == 0 || s->dist > 2 || s->dist >= strlen(s->word))
		return NULL;
	return s->best;
}
