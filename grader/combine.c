/*
 * `grader combine`, the last step of `make grade-all` (labs/labs.mk): the
 * course summary, a line per lab with its score out of its manifest's
 * points and the total, and one results.json for the whole course, the
 * labs' tests one after the other, each named after its lab.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"

/* One lab's share of the course. */
struct course_lab {
	const char *name;		/* the lab folder's last part */
	unsigned int score, max;
	json_object *results;		/* its results.json, or NULL */
	char why[600];			/* why it was not graded, when results is NULL */
};

static void add(json_object *o, const char *key, json_object *v)
{
	if (!v || json_object_object_add(o, key, v)) {
		fputs("grader: out of memory\n", stderr);
		exit(GRADER_EXIT_USAGE);
	}
}

/* Reads @dir's manifest for the points and @path for the score. */
static void course_lab_read(struct course_lab *cl, const char *dir, const char *path)
{
	const char *slash = strrchr(dir, '/');
	json_object *score;
	struct lab lab;
	char err[512];

	cl->name = slash && slash[1] ? slash + 1 : dir;
	if (lab_load(&lab, dir, err, sizeof(err))) {
		snprintf(cl->why, sizeof(cl->why), "%s", err);
		return;
	}
	for (size_t i = 0; i < lab.ntests; i++)
		cl->max += lab.tests[i].points;
	lab_free(&lab);
	cl->results = json_object_from_file(path);
	if (!cl->results || !json_object_object_get_ex(cl->results, "score", &score)) {
		snprintf(cl->why, sizeof(cl->why), "no results in %s", path);
		json_object_put(cl->results);
		cl->results = NULL;
		return;
	}
	cl->score = (unsigned int)json_object_get_int(score);
}

/* The course summary, as the terminal and results.json show it. */
static void summary(struct buf *out, const struct course_lab *labs, size_t n)
{
	unsigned int score = 0, max = 0;

	buf_puts(out, "== the course ==\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(out, "%-24s %3u/%u", labs[i].name, labs[i].score, labs[i].max);
		if (!labs[i].results)
			buf_printf(out, " (not graded: %s)", labs[i].why);
		buf_puts(out, "\n");
		score += labs[i].score;
		max += labs[i].max;
	}
	buf_printf(out, "%-24s %3u/%u\n", "total", score, max);
}

/* Each lab's tests, named "LAB ID: TITLE" and numbered "K.N" for the K-th lab. */
static int results_combined(const char *path, const struct course_lab *labs, size_t n,
			    const char *text)
{
	json_object *root = json_object_new_object(), *tests = json_object_new_array();
	unsigned int score = 0;
	double seconds = 0;
	const char *json;
	char secs[32];
	int ret;

	for (size_t i = 0; i < n; i++) {
		json_object *lt, *v;

		score += labs[i].score;
		if (!labs[i].results)
			continue;
		if (json_object_object_get_ex(labs[i].results, "execution_time", &v))
			seconds += json_object_get_double(v);
		if (!json_object_object_get_ex(labs[i].results, "tests", &lt))
			continue;
		for (size_t j = 0; j < json_object_array_length(lt); j++) {
			json_object *t = json_object_array_get_idx(lt, j);
			struct buf name = { 0 }, number = { 0 };

			if (!json_object_object_get_ex(t, "name", &v))
				continue;
			buf_printf(&name, "%s %s", labs[i].name, json_object_get_string(v));
			buf_printf(&number, "%zu.%zu", i + 1, j + 1);
			add(t, "name", json_object_new_string(name.s));
			add(t, "number", json_object_new_string(number.s));
			if (json_object_array_add(tests, json_object_get(t)))
				add(root, "tests", NULL);	/* out of memory: ends the grader */
			buf_free(&name);
			buf_free(&number);
		}
	}
	add(root, "score", json_object_new_int((int)score));
	snprintf(secs, sizeof(secs), "%.3f", seconds);
	add(root, "execution_time", json_object_new_double_s(seconds, secs));
	add(root, "output", json_object_new_string(text));
	add(root, "visibility", json_object_new_string("visible"));
	add(root, "tests", tests);
	json = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	ret = json ? file_write(path, json, strlen(json), false) : -ENOMEM;
	json_object_put(root);
	return ret;
}

int combine(int nlabs, char **pairs, const char *results)
{
	struct course_lab *labs = calloc((size_t)nlabs, sizeof(*labs));
	struct buf out = { 0 };
	int ret = 0;

	if (!labs) {
		fputs("grader: out of memory\n", stderr);
		return GRADER_EXIT_USAGE;
	}
	for (int i = 0; i < nlabs; i++) {
		course_lab_read(&labs[i], pairs[2 * i], pairs[2 * i + 1]);
		if (!labs[i].results)
			ret = GRADER_EXIT_USAGE;
		else if (labs[i].score != labs[i].max && !ret)
			ret = 1;
	}
	summary(&out, labs, (size_t)nlabs);
	fputs(out.s, stdout);
	if (results && *results && results_combined(results, labs, (size_t)nlabs, out.s)) {
		fprintf(stderr, "error: cannot write %s\n", results);
		ret = GRADER_EXIT_USAGE;
	}
	for (int i = 0; i < nlabs; i++)
		json_object_put(labs[i].results);
	free(labs);
	buf_free(&out);
	return ret;
}
