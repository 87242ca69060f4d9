/*
 * The results as TAP, for prove and for the JUnit file made from it
 * (`prove --formatter TAP::Formatter::JUnit`, labs/labs.mk): one line per
 * test, named "ID: TITLE", and why a test failed as comment lines under
 * it.  Nothing in it depends on timing, so grading the same files again
 * writes the same TAP and leaves the file, and the JUnit file, alone.
 */
#include <string.h>

#include "grader.h"

/* Appends @text as TAP comment lines. */
static void comment(struct buf *b, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		buf_puts(b, "# ");
		buf_add(b, text, n);
		buf_puts(b, "\n");
		text += n + (nl != NULL);
	}
}

int tap_write(const struct grade *g, const char *path)
{
	struct buf b = { 0 };
	int ret;

	buf_printf(&b, "1..%zu\n", g->ntests);
	if (g->build_log) {
		comment(&b, "the submission did not build:");
		comment(&b, g->build_msg);
	}
	for (size_t i = 0; i < g->ntests; i++) {
		const struct grade_test *gt = &g->tests[i];
		bool ok = gt->verdict == VERDICT_OK;

		buf_printf(&b, "%sok %zu - %s: %s\n", ok ? "" : "not ", gt->number, gt->t->id,
			   gt->t->title);
		if (!ok)
			comment(&b, gt->why.s);
	}
	buf_printf(&b, "# Score: %u/%u\n", g->score, g->max_score);
	ret = file_write(path, b.s, b.len, true);
	buf_free(&b);
	return ret;
}
