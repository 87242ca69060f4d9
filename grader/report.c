/*
 * What a student reads on the terminal, in the manner of 6.1810's
 * gradelib: a line per test, why a test failed under it, and the scores.
 * A verdict is in colour on a terminal, unless NO_COLOR is set.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader.h"

/* The last part of a test's log that V=1 shows. */
#define REPORT_LOG_LINES	100

static bool colour;

void report_init(FILE *f)
{
	colour = isatty(fileno(f)) && !getenv("NO_COLOR");
}

void report_start(FILE *f, const struct grade_test *gt)
{
	fprintf(f, "== %s: %s == ", gt->t->id, gt->t->title);
	fflush(f);
}

void report_end(FILE *f, const struct grade_test *gt)
{
	const char *on = "", *off = "";

	if (colour) {
		on = gt->verdict == VERDICT_OK ? "\033[32m" : "\033[31m";
		off = "\033[0m";
	}
	if (gt->verdict == VERDICT_NOT_RUN)
		fprintf(f, "%s%s%s (not run)\n", on, verdict_name(gt->verdict), off);
	else
		fprintf(f, "%s%s%s (%.1fs)\n", on, verdict_name(gt->verdict), off, gt->seconds);
	fflush(f);
}

/* Prints @text with @prefix before each line. */
static void indent(FILE *f, const char *prefix, const char *text, size_t len)
{
	for (size_t i = 0; i < len; ) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;

		fprintf(f, "%s%.*s\n", prefix, (int)n, text + i);
		i += n + 1;
	}
}

void report_why(FILE *f, const struct buf *why)
{
	indent(f, "    ", why->s, why->len);
}

void report_log(FILE *f, const char *log)
{
	size_t len, from, lines = 0;
	struct buf shown = { 0 };
	char *text;

	if (file_read(log, GRADER_LOG_CAP, &text, &len)) {
		fprintf(f, "    (no log: %s)\n", log);
		return;
	}
	from = len;
	while (from > 0 && lines <= REPORT_LOG_LINES)
		lines += text[--from] == '\n';
	if (lines > REPORT_LOG_LINES)
		from++;
	fprintf(f, "    %s%s:\n", from ? "the end of " : "", log);
	if (!len)
		fputs("    | (empty)\n", f);
	for (size_t i = from; i < len; ) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;

		shown.len = 0;
		buf_add(&shown, "", 0);
		buf_add_printable(&shown, text + i, n, 400);
		fprintf(f, "    | %s\n", shown.s);
		i += n + 1;
	}
	buf_free(&shown);
	free(text);
}

void report_build(FILE *f, const struct grade *g)
{
	bool answer_tests = false;

	for (size_t i = 0; i < g->ntests; i++)
		answer_tests = answer_tests || g->tests[i].t->answer;
	fprintf(f, "The submission did not build; every test %sscores 0.\n",
		answer_tests ? "but the answer tests " : "");
	indent(f, "    ", g->build_msg, strlen(g->build_msg));
}

void report_answers(FILE *f, const struct grade *g)
{
	fprintf(f, "%s\nEvery answer test scores 0.\n", g->answers_err);
}

void report_summary_buf(struct buf *b, const struct grade *g)
{
	for (size_t i = 0; i < g->ntests; i++) {
		const char *part = g->tests[i].t->part;
		unsigned int got = 0, max = 0;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(g->tests[j].t->part, part);
		if (seen)
			continue;
		for (size_t j = i; j < g->ntests; j++) {
			if (strcmp(g->tests[j].t->part, part))
				continue;
			max += g->tests[j].t->points;
			if (g->tests[j].verdict == VERDICT_OK)
				got += g->tests[j].t->points;
		}
		buf_printf(b, "Part %s: %u/%u\n", part, got, max);
	}
	buf_printf(b, "Score: %u/%u\n", g->score, g->max_score);
	buf_printf(b, "%zu passed, %zu failed\n", g->passed, g->failed);
}

void report_summary(FILE *f, const struct grade *g)
{
	struct buf b = { 0 };

	report_summary_buf(&b, g);
	fputs(b.s, f);
	buf_free(&b);
}
