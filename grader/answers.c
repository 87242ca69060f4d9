/*
 * A lab's answers file (docs/labs.md, "An answers file"): the student's
 * answers to questions about what the console prints, read line by line,
 * each mistake one line naming the file and its line.  An answer test's
 * expected lines are a template whose fields, {NAME}, take the answers;
 * a failure then names the answer that differs and never shows the
 * console's lines, which would hand out the right one.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <grammar/grammar.h>

#include "grader.h"

/* The most of an answer a failure quotes. */
#define ANSWER_QUOTE_MAX	200

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static int bad(char *err, size_t errlen, const char *file, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int bad(char *err, size_t errlen, const char *file, unsigned int line, const char *fmt, ...)
{
	int n = snprintf(err, errlen, "%s:%u: ", file, line);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct answer *answer_find(const struct answers *a, const char *name, size_t len)
{
	for (size_t i = 0; i < a->n; i++)
		if (strlen(a->v[i].name) == len && !memcmp(a->v[i].name, name, len))
			return &a->v[i];
	return NULL;
}

static void answer_add_line(struct answer *ans, const char *s, size_t len)
{
	char *line = xmalloc(len + 1);
	char **v = realloc(ans->lines, (ans->nlines + 1) * sizeof(*v));

	if (!v) {
		fputs("grader: out of memory\n", stderr);
		exit(GRADER_EXIT_USAGE);
	}
	memcpy(line, s, len);
	line[len] = '\0';
	ans->lines = v;
	ans->lines[ans->nlines++] = line;
}

static struct answer *answer_new(struct answers *a, const char *name, size_t len)
{
	struct answer *v = realloc(a->v, (a->n + 1) * sizeof(*v)), *ans;

	if (!v) {
		fputs("grader: out of memory\n", stderr);
		exit(GRADER_EXIT_USAGE);
	}
	a->v = v;
	ans = &a->v[a->n++];
	memset(ans, 0, sizeof(*ans));
	ans->name = xmalloc(len + 1);
	memcpy(ans->name, name, len);
	ans->name[len] = '\0';
	return ans;
}

/* The length of the field "{NAME}" at @p, within @end, or 0 when there is none. */
static size_t field_at(const char *p, const char *end)
{
	const char *q = p + 1;

	if (*p != '{')
		return 0;
	while (q < end && name_char(*q))
		q++;
	if (q == p + 1 || q == end || *q != '}')
		return 0;
	return (size_t)(q + 1 - p);
}

static bool questions_has(const struct questions *q, const char *name, size_t len)
{
	for (size_t i = 0; i < q->n; i++)
		if (strlen(q->name[i]) == len && !memcmp(q->name[i], name, len))
			return true;
	return false;
}

void questions_add(struct questions *q, const char *text, size_t len)
{
	for (const char *p = text, *end = text + len; p < end; p++) {
		size_t flen = field_at(p, end);
		char **v;

		if (!flen || questions_has(q, p + 1, flen - 2))
			continue;
		v = realloc(q->name, (q->n + 1) * sizeof(*v));
		if (!v) {
			fputs("grader: out of memory\n", stderr);
			exit(GRADER_EXIT_USAGE);
		}
		q->name = v;
		q->name[q->n] = xmalloc(flen - 1);
		memcpy(q->name[q->n], p + 1, flen - 2);
		q->name[q->n++][flen - 2] = '\0';
		p += flen - 1;
	}
}

void questions_free(struct questions *q)
{
	for (size_t i = 0; i < q->n; i++)
		free(q->name[i]);
	free(q->name);
	memset(q, 0, sizeof(*q));
}

/* "FILE:LINE: no question 'NAME'", with the nearest question's name when it looks mistyped. */
static int no_question(char *err, size_t errlen, const char *file, unsigned int lineno,
		       const struct questions *q, const char *name, size_t len)
{
	struct gram_suggest sg;
	const char *best = NULL;
	char word[64];

	if (len < sizeof(word)) {
		memcpy(word, name, len);
		word[len] = '\0';
		gram_suggest_init(&sg, word);
		for (size_t i = 0; i < q->n; i++)
			gram_suggest_add(&sg, q->name[i], strlen(q->name[i]));
		best = gram_suggest_best(&sg);
	}
	if (best)
		return bad(err, errlen, file, lineno, "no question '%.*s'; did you mean '%s'?",
			   (int)len, name, best);
	return bad(err, errlen, file, lineno, "no question '%.*s' in this lab",
		   (int)(len > 60 ? 60 : len), name);
}

/*
 * One line that is not a block's: blank, a comment, or NAME: VALUE.
 * Returns 0 with *@block set when it starts a block, or -1 after @err.
 */
static int parse_answer_line(struct answers *a, const struct questions *q, const char *line,
			     size_t n, unsigned int lineno, unsigned int *first_line,
			     struct answer **block, char *err, size_t errlen)
{
	const char *end = line + n, *p = line, *name, *colon, *v, *vend;
	const struct answer *seen;
	struct answer *ans;

	while (p < end && isblank((unsigned char)*p))
		p++;
	if (p == end || *p == '#')
		return 0;
	name = p;
	colon = memchr(p, ':', (size_t)(end - p));
	if (!colon)
		return bad(err, errlen, a->file, lineno,
			   "not an answer: write 'NAME: VALUE', or 'NAME:' and then '| TEXT' lines; "
			   "'#' starts a comment");
	for (p = name; p < colon; p++)
		if (!name_char(*p))
			break;
	if (p != colon || colon == name)
		return bad(err, errlen, a->file, lineno,
			   "bad name '%.*s' before ':': a question's name is a-z, 0-9 and '-'",
			   (int)(colon - name > 60 ? 60 : colon - name), name);
	if (q && !questions_has(q, name, (size_t)(colon - name)))
		return no_question(err, errlen, a->file, lineno, q, name, (size_t)(colon - name));
	seen = answer_find(a, name, (size_t)(colon - name));
	if (seen)
		return bad(err, errlen, a->file, lineno, "%s is answered twice (first on line %u)",
			   seen->name, first_line[seen - a->v]);
	v = colon + 1;
	vend = end;
	while (v < vend && isblank((unsigned char)*v))
		v++;
	while (vend > v && isblank((unsigned char)vend[-1]))
		vend--;
	ans = answer_new(a, name, (size_t)(colon - name));
	first_line[a->n - 1] = lineno;
	if (v < vend)
		answer_add_line(ans, v, (size_t)(vend - v));
	else
		*block = ans;
	return 0;
}

int answers_parse(struct answers *a, const char *file, const char *text, size_t len,
		  const struct questions *q, char *err, size_t errlen)
{
	/* the line each answer starts on, for "answered twice" */
	unsigned int *first_line = NULL, lineno = 0;
	struct answer *block = NULL;
	int ret = 0;

	memset(a, 0, sizeof(*a));
	a->file = xstrdup(file);
	/* a byte-order mark, as some Windows editors write UTF-8, is no part of the text */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	for (size_t i = 0; i < len && !ret; ) {
		const char *line = text + i, *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;

		i += n + 1;
		lineno++;
		/* a file written on Windows */
		if (n && line[n - 1] == '\r')
			n--;
		for (size_t j = 0; j < n && !ret; j++) {
			unsigned char c = (unsigned char)line[j];

			if ((c < 0x20 && c != '\t') || c == 0x7f)
				ret = bad(err, errlen, file, lineno,
					  "a control character (\\x%02x) in the line: answers are text", c);
		}
		if (ret)
			break;
		if (n && line[0] == '|') {
			if (!block)
				ret = bad(err, errlen, file, lineno,
					  "a '|' line that is not in a block: a block is a line 'NAME:', "
					  "with nothing after the ':', and then its '| TEXT' lines");
			else if (n == 1)
				answer_add_line(block, "", 0);
			else if (line[1] == ' ')
				answer_add_line(block, line + 2, n - 2);
			else
				ret = bad(err, errlen, file, lineno,
					  "a block's line is '| TEXT', a bar and one space before the text");
			continue;
		}
		block = NULL;
		first_line = realloc(first_line, (a->n + 1) * sizeof(*first_line));
		if (!first_line) {
			fputs("grader: out of memory\n", stderr);
			exit(GRADER_EXIT_USAGE);
		}
		ret = parse_answer_line(a, q, line, n, lineno, first_line, &block, err, errlen);
		if (block)
			block->block = true;
	}
	free(first_line);
	if (ret)
		answers_free(a);
	return ret;
}

void answers_free(struct answers *a)
{
	for (size_t i = 0; i < a->n; i++) {
		for (size_t k = 0; k < a->v[i].nlines; k++)
			free(a->v[i].lines[k]);
		free(a->v[i].lines);
		free(a->v[i].name);
	}
	free(a->v);
	free(a->file);
	memset(a, 0, sizeof(*a));
}

bool answers_has_field(const char *text, size_t len)
{
	for (const char *p = text, *end = text + len; p < end; p++)
		if (field_at(p, end))
			return true;
	return false;
}

/* Adds a line to @f, with where it comes from. */
static void filled_add(struct filled *f, const char *s, size_t len, const struct filled_line *from)
{
	struct filled_line *v = realloc(f->lines, (f->nlines + 1) * sizeof(*v));

	if (!v) {
		fputs("grader: out of memory\n", stderr);
		exit(GRADER_EXIT_USAGE);
	}
	f->lines = v;
	f->lines[f->nlines++] = *from;
	buf_add(&f->text, s, len);
	buf_puts(&f->text, "\n");
}

/* Says once, in @why, that NAME has no answer. */
static void no_answer(struct buf *why, const struct answers *a, const char *name, size_t len)
{
	struct buf line = { 0 };

	buf_printf(&line, "no answer to %.*s in %s\n", (int)len, name, a->file);
	if (!why->s || !strstr(why->s, line.s))
		buf_puts(why, line.s);
	buf_free(&line);
}

/* A template line with fields inside: each takes its answer's one line. */
static void fill_inline(struct filled *f, const struct answers *a, const char *line, size_t n,
			struct buf *why)
{
	struct filled_line from = { .tmpl = line, .tmpl_len = n };
	const char *p = line, *end = line + n;
	struct buf out = { 0 };

	buf_add(&out, "", 0);
	while (p < end) {
		size_t flen = field_at(p, end);
		const struct answer *ans;

		if (!flen) {
			buf_add(&out, p++, 1);
			continue;
		}
		ans = answer_find(a, p + 1, flen - 2);
		if (!ans || !ans->nlines)
			no_answer(why, a, p + 1, flen - 2);
		else if (ans->nlines > 1)
			buf_printf(why, "your answer to %s has %zu lines, and the question wants one\n",
				   ans->name, ans->nlines);
		else
			buf_puts(&out, ans->lines[0]);
		p += flen;
	}
	filled_add(f, out.s, out.len, &from);
	buf_free(&out);
}

int answers_fill(const struct answers *a, const char *tmpl, size_t len, struct filled *f,
		 struct buf *why)
{
	size_t why_len = why->len;
	struct lines t;

	memset(f, 0, sizeof(*f));
	buf_add(&f->text, "", 0);
	lines_split(&t, tmpl, len);
	for (size_t i = 0; i < t.n; i++) {
		const char *line = t.start[i];
		size_t n = t.len[i];
		struct filled_line from = { 0 };
		const struct answer *ans;

		if (n && field_at(line, line + n) == n) {
			ans = answer_find(a, line + 1, n - 2);
			if (!ans || !ans->nlines)
				no_answer(why, a, line + 1, n - 2);
			for (size_t k = 0; ans && k < ans->nlines; k++) {
				from.answer = ans;
				from.k = k;
				filled_add(f, ans->lines[k], strlen(ans->lines[k]), &from);
			}
		} else if (answers_has_field(line, n)) {
			fill_inline(f, a, line, n, why);
		} else {
			filled_add(f, line, n, &from);
		}
	}
	/* a template whose last line has no newline */
	if (len && tmpl[len - 1] != '\n' && f->text.len)
		f->text.s[--f->text.len] = '\0';
	lines_free(&t);
	return why->len > why_len ? -1 : 0;
}

void filled_free(struct filled *f)
{
	buf_free(&f->text);
	free(f->lines);
	memset(f, 0, sizeof(*f));
}

/*
 * "your answer to NAME[, line K]: 'TEXT', is not what the WHO computes",
 * @who the console or, with KERNEL=1, the kernel.
 */
static void wrong_answer(struct buf *why, const char *who, const struct answer *ans, size_t k)
{
	buf_printf(why, "your answer to %s", ans->name);
	if (ans->nlines > 1)
		buf_printf(why, ", line %zu", k + 1);
	buf_puts(why, ": '");
	buf_add_printable(why, ans->lines[k], strlen(ans->lines[k]), ANSWER_QUOTE_MAX);
	buf_printf(why, "', is not what the %s computes\n", who);
}

/* The most fields one line of an answer test's expected lines holds. */
#define ANSWER_LINE_FIELDS	16

/*
 * A line whose fields are inside it: which answers differ.  The text
 * between the fields is matched against the console's line @got, left to
 * right, to cut out what stands where each field is; an answer is wrong
 * where that differs from it.  When the text around the fields does not
 * match, or two fields touch, every field of the line is named.
 */
static void explain_inline(struct buf *why, const char *who, const struct answers *a,
			   const struct filled_line *fl, const char *got, size_t got_len)
{
	const char *t = fl->tmpl, *tend = t + fl->tmpl_len, *g = got, *gend = got + got_len;
	/* the line is lit[0] field[0] lit[1] ... field[m-1] lit[m] */
	const char *lit[ANSWER_LINE_FIELDS + 1];
	size_t litlen[ANSWER_LINE_FIELDS + 1], m = 0, named = 0;
	const struct answer *field[ANSWER_LINE_FIELDS];
	bool wrong[ANSWER_LINE_FIELDS], matched;

	for (;;) {
		size_t flen = 0;

		lit[m] = t;
		while (t < tend && !(flen = field_at(t, tend)))
			t++;
		litlen[m] = (size_t)(t - lit[m]);
		if (!flen || m == ANSWER_LINE_FIELDS)
			break;
		field[m] = answer_find(a, t + 1, flen - 2);
		wrong[m++] = true;
		t += flen;
	}
	matched = t == tend && (size_t)(gend - g) >= litlen[0] && !memcmp(g, lit[0], litlen[0]);
	g += matched ? litlen[0] : 0;
	for (size_t j = 0; j < m && matched; j++) {
		const char *next = lit[j + 1], *at, *value = field[j]->lines[0];
		size_t len = litlen[j + 1];

		if (j + 1 == m)
			at = (size_t)(gend - g) >= len && !memcmp(gend - len, next, len) ? gend - len : NULL;
		else
			at = len ? memmem(g, (size_t)(gend - g), next, len) : NULL;
		matched = at != NULL;
		if (!matched)
			break;
		wrong[j] = strlen(value) != (size_t)(at - g) || memcmp(value, g, (size_t)(at - g));
		g = at + len;
	}
	for (size_t j = 0; j < m; j++) {
		if (matched && !wrong[j])
			continue;
		wrong_answer(why, who, field[j], 0);
		named++;
	}
	for (size_t j = 0; j < m && !named; j++)
		wrong_answer(why, who, field[j], 0);
	if (!matched && named > 1)
		buf_puts(why, "(at least one of these, which share a line of the expected lines)\n");
}

int answers_compare(struct buf *why, const char *who, const struct answers *a,
		    const struct filled *f, const char *want, size_t want_len, const char *got,
		    size_t got_len)
{
	const struct filled_line *fl, *prev;
	struct lines w, g;
	size_t first;
	int ret = 1;

	lines_split(&w, want, want_len);
	lines_split(&g, got, got_len);
	first = lines_first_difference(&w, &g);
	fl = first < w.n && first < f->nlines ? &f->lines[first] : NULL;
	prev = first && first != SIZE_MAX && first - 1 < f->nlines ? &f->lines[first - 1] : NULL;
	if (first == SIZE_MAX) {
		ret = 0;
	} else if (fl && fl->answer) {
		wrong_answer(why, who, fl->answer, fl->k);
	} else if (fl && fl->tmpl) {
		explain_inline(why, who, a, fl, first < g.n ? g.start[first] : "",
			       first < g.n ? g.len[first] : 0);
	} else if (prev && prev->answer && prev->k + 1 == prev->answer->nlines) {
		/* the answer's lines are right as far as they go, and @who prints more */
		buf_printf(why, "your answer to %s, %zu line%s, is not what the %s computes: "
			   "it has more lines\n", prev->answer->name, prev->answer->nlines,
			   prev->answer->nlines == 1 ? "" : "s", who);
	} else {
		struct buf heading = { 0 };

		buf_printf(&heading, "a line that is none of your answers differs from what the %s "
			   "prints (the test itself may be wrong: tell your instructor)", who);
		diff_lines(why, heading.s, want, want_len, got, got_len, true);
		buf_free(&heading);
	}
	lines_free(&w);
	lines_free(&g);
	return ret;
}
