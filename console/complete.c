/*
 * Tab completion for readline, driven by the command table: the words
 * before the cursor pick a row, and the row's generator offers the
 * candidates for the argument being typed.
 */
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "cmdtab.h"
#include "console.h"

#define COMP_MAX_WORDS 32

static struct con *comp_con;

/* The candidates matching what has been typed, built before each completion. */
static char **comp_list;
static size_t comp_n, comp_cap, comp_pos;

static void comp_reset(void)
{
	for (size_t i = 0; i < comp_n; i++)
		free(comp_list[i]);
	comp_n = 0;
	comp_pos = 0;
}

static void comp_add(const char *text, const char *cand, size_t len)
{
	size_t tlen = strlen(text);
	char *s;

	if (len < tlen || strncmp(cand, text, tlen))
		return;
	for (size_t i = 0; i < comp_n; i++)
		if (strlen(comp_list[i]) == len && !strncmp(comp_list[i], cand, len))
			return;
	if (comp_n == comp_cap) {
		size_t cap = comp_cap ? comp_cap * 2 : 32;
		char **v = realloc(comp_list, cap * sizeof(*v));

		if (!v)
			return;
		comp_list = v;
		comp_cap = cap;
	}
	s = strndup(cand, len);
	if (s)
		comp_list[comp_n++] = s;
}

static char *comp_generator(const char *text, int state)
{
	if (comp_pos < comp_n)
		return strdup(comp_list[comp_pos++]);
	return NULL;
}

/* Adds what @cmd's generator offers for argument @argi; false for files. */
static bool comp_add_gen(const struct con_cmd *cmd, int argi, const char *text)
{
	const char *cand;

	if (!cmd || !cmd->gen)
		return true;
	for (size_t idx = 0; (cand = cmd->gen(comp_con, argi, text, idx)); idx++) {
		if (cand == CON_COMPLETE_FILES) {
			comp_con->comp_prev = NULL;
			return false;
		}
		comp_add(text, cand, strlen(cand));
	}
	comp_con->comp_prev = NULL;
	return true;
}

/*
 * Splits @line up to @start with the console's tokenizer and keeps the
 * whole words of the command being typed, the one after the last ';'.
 * Returns how many, or -1 where nothing can be completed: in a comment,
 * after an unterminated quote, past COMP_MAX_WORDS words or @size bytes.
 */
static int comp_words(const char *line, int start, char *buf, size_t size, char **words)
{
	const char *p = buf;
	char *out = buf + start + 1;
	struct gram_err e;
	int n = 0, tok;

	if ((size_t)start * 2 + 2 > size)
		return -1;
	memcpy(buf, line, start);
	buf[start] = '\0';
	while ((tok = gram_lex(&p, out, &e)) != GRAM_END) {
		if (tok < 0 || tok == GRAM_COMMENT)
			return -1;
		if (tok == GRAM_SEMI) {
			n = 0;
			continue;
		}
		if (n == COMP_MAX_WORDS)
			return -1;
		words[n++] = out;
		out += strlen(out) + 1;
	}
	return n;
}

/*
 * Collects the candidates for @text, the word that starts at @start of
 * @line.  Returns 1 when file names are wanted instead, 0 otherwise, -1
 * when nothing can be completed there.
 */
static int comp_collect(const char *line, int start, const char *text)
{
	char buf[2048], *words[COMP_MAX_WORDS];
	const struct con_cmd *cmd = NULL;
	bool files = false;
	int n = comp_words(line, start, buf, sizeof(buf), words);

	comp_reset();
	con_scratch_reset(comp_con);
	if (n < 0)
		return -1;

	if (n == 0) {
		files = !comp_add_gen(&(struct con_cmd){ .gen = con_gen_commands }, 0, text);
	} else {
		if (n >= 2)
			cmd = con_cmd_lookup(words[0], words[1]);
		if (cmd) {
			files = !comp_add_gen(cmd, n - 2, text);
		} else {
			cmd = con_cmd_lookup(words[0], NULL);
			if (n == 1 && con_cmd_is_group(words[0])) {
				const struct con_cmd *sub;

				for (size_t i = 0; (sub = con_cmd_get(i)); i++) {
					size_t len = con_cmd_word0_len(sub);

					if (con_cmd_words(sub) == 2 &&
					    strlen(words[0]) == len &&
					    !strncmp(sub->name, words[0], len))
						comp_add(text, sub->name + len + 1,
							 strlen(sub->name + len + 1));
				}
			}
			if (cmd) {
				comp_con->comp_prev = words[n - 1];
				files = !comp_add_gen(cmd, n - 1, text);
			}
		}
	}
	return files;
}

static char **con_attempt_completion(const char *text, int start, int end)
{
	int files = comp_collect(rl_line_buffer, start, text);
	char **matches;

	(void)end;
	rl_attempted_completion_over = 1;
	if (files < 0)
		return NULL;
	if (files) {
		comp_reset();
		return rl_completion_matches(text, rl_filename_completion_function);
	}
	matches = rl_completion_matches(text, comp_generator);
	/* "bus=" and "iommus=iommu:" want their value next, not a space */
	if (matches && !matches[1]) {
		size_t len = strlen(matches[0]);

		if (len && (matches[0][len - 1] == '=' || matches[0][len - 1] == ':'))
			rl_completion_suppress_append = 1;
	}
	comp_reset();
	return matches;
}

int con_complete_list(struct con *con, const char *line)
{
	struct con *readline_con = comp_con;
	const char *text = strrchr(line, ' ');
	int files;

	text = text ? text + 1 : line;
	comp_con = con;
	files = comp_collect(line, text - line, text);
	if (files > 0)
		fprintf(con->out, "<files>\n");
	for (size_t i = 0; files == 0 && i < comp_n; i++)
		fprintf(con->out, "%s\n", comp_list[i]);
	/* Outside readline nothing else will free the list. */
	if (readline_con)
		comp_reset();
	else
		con_complete_release();
	return 0;
}

void con_complete_init(struct con *con)
{
	comp_con = con;
	rl_attempted_completion_function = con_attempt_completion;
	rl_basic_word_break_characters = " \t;";
	rl_completer_word_break_characters = " \t;";
}

void con_complete_release(void)
{
	comp_reset();
	free(comp_list);
	comp_list = NULL;
	comp_cap = 0;
	comp_con = NULL;
}
