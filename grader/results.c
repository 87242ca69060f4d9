/*
 * results.json in Gradescope's autograder format: the total score, the
 * time taken, the summary as output, and one entry per test with its
 * name, number, score, max_score, status ("passed" or "failed"), output
 * (why it failed, as the terminal shows it) and visibility (public tests
 * "visible", hidden ones "after_due_date").  Written with json-c, and in
 * one rename, so a results.json the tests may have left is replaced whole.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"

static void add(json_object *o, const char *key, json_object *v)
{
	if (!v || json_object_object_add(o, key, v)) {
		fputs("grader: out of memory\n", stderr);
		exit(GRADER_EXIT_USAGE);
	}
}

static json_object *test_json(const struct grade_test *gt)
{
	const struct lab_test *t = gt->t;
	bool ok = gt->verdict == VERDICT_OK;
	json_object *o = json_object_new_object();
	struct buf name = { 0 }, number = { 0 };

	buf_printf(&name, "%s: %s", t->id, t->title);
	buf_printf(&number, "%zu", gt->number);
	add(o, "name", json_object_new_string(name.s));
	add(o, "number", json_object_new_string(number.s));
	add(o, "score", json_object_new_int(ok ? (int)t->points : 0));
	add(o, "max_score", json_object_new_int((int)t->points));
	add(o, "status", json_object_new_string(ok ? "passed" : "failed"));
	add(o, "output", json_object_new_string(ok ? "" : gt->why.s ? gt->why.s : ""));
	add(o, "visibility", json_object_new_string(t->hidden ? "after_due_date" : "visible"));
	buf_free(&name);
	buf_free(&number);
	return o;
}

int results_write(const struct grade *g, const char *path)
{
	json_object *root = json_object_new_object(), *tests = json_object_new_array();
	struct buf out = { 0 };
	const char *text;
	char secs[32];
	int ret;

	if (g->build_log)
		buf_printf(&out, "The submission did not build; every test scores 0.\n%s\n",
			   g->build_msg);
	report_summary_buf(&out, g);
	add(root, "score", json_object_new_int((int)g->score));
	/* milliseconds are enough, and the text is what is written */
	snprintf(secs, sizeof(secs), "%.3f", g->seconds);
	add(root, "execution_time", json_object_new_double_s(g->seconds, secs));
	add(root, "output", json_object_new_string(out.s));
	add(root, "visibility", json_object_new_string("visible"));
	add(root, "tests", tests);
	for (size_t i = 0; i < g->ntests; i++)
		if (json_object_array_add(tests, test_json(&g->tests[i])))
			add(root, "tests", NULL);	/* out of memory: ends the grader */
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	ret = text ? file_write(path, text, strlen(text), false) : -ENOMEM;
	json_object_put(root);
	buf_free(&out);
	return ret;
}

int results_write_failure(const char *path, const char *msg)
{
	json_object *root = json_object_new_object();
	struct buf out = { 0 };
	const char *text;
	int ret;

	buf_printf(&out, "The grader could not grade: %s\n", msg);
	add(root, "score", json_object_new_int(0));
	add(root, "execution_time", json_object_new_int(0));
	add(root, "output", json_object_new_string(out.s));
	add(root, "visibility", json_object_new_string("visible"));
	add(root, "tests", json_object_new_array());
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	ret = text ? file_write(path, text, strlen(text), false) : -ENOMEM;
	json_object_put(root);
	buf_free(&out);
	return ret;
}
