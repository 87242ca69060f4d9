/*
 * Reading a lab's manifest (the format is docs/labs.md's): the files a
 * student writes (C files, and at most one answers file) and one row per
 * test, each checked field by field, and each test's script and expected
 * lines found on disk, with its hint; in a lab with an answers file, a
 * test whose expected lines hold a field {NAME} is an answer test.
 * A dependency names an earlier test, so that the order of the manifest
 * is an order to run the tests in, and there is no cycle.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grader.h"

/* The largest manifest or test script the grader reads. */
#define LAB_TEXT_CAP	(1u << 20)
#define LAB_MAX_TIMEOUT	600.0

struct manifest_ctx {
	struct lab *lab;
	const char *path;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int bad(struct manifest_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct manifest_ctx *c, const char *fmt, ...)
{
	int n = snprintf(c->err, c->errlen, "%s:%u: ", c->path, c->line);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->errlen)
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Whether @s is one or more characters, each a letter or digit (only
 * lower case letters unless @upper) or one of @extra.
 */
static bool word_ok(const char *s, bool upper, const char *extra)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (!(islower(ch) || isdigit(ch) || (upper && isupper(ch)) || strchr(extra, ch)))
			return false;
	}
	return true;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int add_file(struct manifest_ctx *c, char *rest)
{
	struct lab *lab = c->lab;
	char *save = NULL, *name = strtok_r(rest, " \t", &save), **v;
	bool is_c;
	size_t len;

	if (!name || strtok_r(NULL, " \t", &save))
		return bad(c, "a file row is 'file NAME'");
	len = strlen(name);
	if (!word_ok(name, true, "_.-") || name[0] == '.')
		return bad(c, "bad file name '%s': a file's name, no directory", name);
	for (size_t i = 0; i < lab->nfiles; i++)
		if (!strcmp(lab->files[i], name))
			return bad(c, "file '%s' is named twice", name);
	is_c = len > 2 && !strcmp(name + len - 2, ".c");
	if (!is_c && lab->answers)
		return bad(c, "a second answers file '%s': a lab has one, '%s'", name, lab->answers);
	v = realloc(lab->files, (lab->nfiles + 1) * sizeof(*v));
	if (!v)
		return bad(c, "out of memory");
	lab->files = v;
	lab->files[lab->nfiles] = xstrdup(name);
	/* a file that is not C is the answers file: collected, never compiled */
	if (!is_c)
		lab->answers = lab->files[lab->nfiles];
	lab->nfiles++;
	return 0;
}

static const struct lab_test *find_test(const struct lab *lab, const char *id, size_t *idx)
{
	for (size_t i = 0; i < lab->ntests; i++) {
		if (!strcmp(lab->tests[i].id, id)) {
			*idx = i;
			return &lab->tests[i];
		}
	}
	return NULL;
}

static int parse_deps(struct manifest_ctx *c, struct lab_test *t, char *deps)
{
	char *save = NULL;

	if (!strcmp(deps, "-"))
		return 0;
	for (char *d = strtok_r(deps, ",", &save); d; d = strtok_r(NULL, ",", &save)) {
		size_t idx;

		if (!find_test(c->lab, d, &idx))
			return bad(c, "test '%s' depends on '%s', which is not a test above it", t->id, d);
		t->deps = realloc(t->deps, (t->ndeps + 1) * sizeof(*t->deps));
		if (!t->deps)
			return bad(c, "out of memory");
		t->deps[t->ndeps++] = idx;
	}
	return 0;
}

/* Skips blanks in [@p, @end). */
static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Whether [@p, @end) starts with @word; then *@p is past it. */
static bool take(const char **p, const char *end, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - *p) < n || strncmp(*p, word, n))
		return false;
	*p += n;
	return true;
}

/*
 * The machine @text's line "# machine: q35" or "# machine: q35-vtd" names
 * (blanks aside), or LAB_MACHINE_NONE.
 */
static enum lab_machine read_machine(const char *text)
{
	for (const char *line = text; *line; ) {
		const char *nl = strchr(line, '\n');
		const char *end = nl ? nl : line + strlen(line), *p = line;

		p = skip_blanks(p, end);
		if (take(&p, end, "#") && (p = skip_blanks(p, end), take(&p, end, "machine:")) &&
		    (p = skip_blanks(p, end), take(&p, end, "q35"))) {
			if (skip_blanks(p, end) == end)
				return LAB_MACHINE_Q35;
			if (take(&p, end, "-vtd") && skip_blanks(p, end) == end)
				return LAB_MACHINE_Q35_VTD;
		}
		line = nl ? nl + 1 : end;
	}
	return LAB_MACHINE_NONE;
}

/*
 * The words of @text's "# boot:" lines, kernel parameters NAME=VALUE, into
 * @t->boot.  Returns 0, or -ENOMEM.
 */
static int read_boot(const char *text, struct lab_test *t)
{
	for (const char *line = text; *line; ) {
		const char *nl = strchr(line, '\n');
		const char *end = nl ? nl : line + strlen(line), *p = line;

		p = skip_blanks(p, end);
		if (take(&p, end, "#") && (p = skip_blanks(p, end), take(&p, end, "boot:"))) {
			while ((p = skip_blanks(p, end)) < end) {
				const char *w = p;
				char **grown;

				while (p < end && *p != ' ' && *p != '\t')
					p++;
				grown = realloc(t->boot, (t->nboot + 1) * sizeof(*t->boot));
				if (!grown)
					return -ENOMEM;
				t->boot = grown;
				t->boot[t->nboot] = strndup(w, (size_t)(p - w));
				if (!t->boot[t->nboot])
					return -ENOMEM;
				t->nboot++;
			}
		}
		line = nl ? nl + 1 : end;
	}
	return 0;
}

/* The "# hint:" lines of @cmds, joined by newlines, or NULL. */
static char *read_hint(const char *text)
{
	struct buf b = { 0 };

	for (const char *line = text; *line; ) {
		const char *end = strchr(line, '\n'), *p = line;
		size_t len = end ? (size_t)(end - line) : strlen(line);

		while (p < line + len && (*p == ' ' || *p == '\t'))
			p++;
		if (!strncmp(p, "# hint:", 7) && p + 7 <= line + len) {
			const char *h = p + 7;

			while (h < line + len && (*h == ' ' || *h == '\t'))
				h++;
			if (b.len)
				buf_puts(&b, "\n");
			buf_add(&b, h, (size_t)(line + len - h));
		}
		line += len + (end != NULL);
	}
	return b.s;
}

static int test_files(struct manifest_ctx *c, struct lab_test *t)
{
	const char *vis = t->hidden ? "hidden" : "public";
	struct buf cmds = { 0 }, exp = { 0 };
	struct stat st;
	char *text;
	size_t len;
	int ret;

	buf_printf(&cmds, "%s/tests/%s/%s.cmds", c->lab->dir, vis, t->id);
	buf_printf(&exp, "%s/tests/%s/%s.expected", c->lab->dir, vis, t->id);
	t->cmds = cmds.s;
	t->expected = exp.s;
	if (stat(t->expected, &st) || !S_ISREG(st.st_mode))
		return bad(c, "test '%s' has no %s", t->id, t->expected);
	ret = file_read(t->cmds, LAB_TEXT_CAP, &text, &len);
	if (ret)
		return bad(c, "test '%s': cannot read %s: %s", t->id, t->cmds, strerror(-ret));
	t->hint = read_hint(text);
	t->machine = read_machine(text);
	t->kernel = t->machine != LAB_MACHINE_NONE;
	ret = read_boot(text, t);
	free(text);
	if (ret)
		return bad(c, "test '%s': out of memory", t->id);
	return 0;
}

/* Whether a test of a lab with an answers file is an answer test: fields in its expected lines. */
static int find_fields(struct manifest_ctx *c, struct lab_test *t)
{
	char *text;
	size_t len;
	int ret = file_read(t->expected, LAB_TEXT_CAP, &text, &len);

	if (ret)
		return bad(c, "test '%s': cannot read %s: %s", t->id, t->expected, strerror(-ret));
	t->answer = answers_has_field(text, len);
	free(text);
	return 0;
}

static int add_test(struct manifest_ctx *c, char *rest)
{
	struct lab *lab = c->lab;
	char *bar = strchr(rest, '|'), *f[6], *end, *save = NULL;
	struct lab_test *t;
	unsigned long points;
	size_t idx, n = 0;
	double timeout;

	if (!bar)
		return bad(c, "a test row is 'test ID POINTS VISIBILITY TIMEOUT PART DEPENDS | TITLE'");
	*bar = '\0';
	for (char *w = strtok_r(rest, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == 6)
			return bad(c, "too many fields before '|'");
		f[n++] = w;
	}
	if (n != 6)
		return bad(c, "a test row is 'test ID POINTS VISIBILITY TIMEOUT PART DEPENDS | TITLE'");
	if (!word_ok(f[0], false, "-"))
		return bad(c, "bad test id '%s': use a-z, 0-9 and '-'", f[0]);
	if (find_test(lab, f[0], &idx))
		return bad(c, "test '%s' is named twice", f[0]);
	errno = 0;
	points = strtoul(f[1], &end, 10);
	if (errno || *end || !isdigit((unsigned char)f[1][0]) || points > 100000)
		return bad(c, "bad points '%s': a whole number", f[1]);
	if (strcmp(f[2], "public") && strcmp(f[2], "hidden"))
		return bad(c, "bad visibility '%s': public or hidden", f[2]);
	timeout = strtod(f[3], &end);
	if (*end || !(timeout > 0) || timeout > LAB_MAX_TIMEOUT)
		return bad(c, "bad timeout '%s': seconds, more than 0 and at most %.0f", f[3],
			   LAB_MAX_TIMEOUT);
	if (!word_ok(f[4], true, "_-"))
		return bad(c, "bad part '%s': letters, digits, '_' and '-'", f[4]);
	bar = trim(bar + 1);
	if (!*bar)
		return bad(c, "test '%s' has no title after '|'", f[0]);

	t = realloc(lab->tests, (lab->ntests + 1) * sizeof(*t));
	if (!t)
		return bad(c, "out of memory");
	lab->tests = t;
	t = &lab->tests[lab->ntests];
	memset(t, 0, sizeof(*t));
	t->id = xstrdup(f[0]);
	t->points = (unsigned int)points;
	t->hidden = !strcmp(f[2], "hidden");
	t->timeout = timeout;
	t->part = xstrdup(f[4]);
	t->title = xstrdup(bar);
	lab->ntests++;
	if (parse_deps(c, t, f[5]))
		return -1;
	return test_files(c, t);
}

int lab_load(struct lab *lab, const char *dir, char *err, size_t errlen)
{
	struct manifest_ctx c = { .lab = lab, .err = err, .errlen = errlen };
	struct buf path = { 0 };
	char *text;
	size_t len;
	int ret;

	memset(lab, 0, sizeof(*lab));
	lab->dir = xstrdup(dir);
	len = strlen(lab->dir);
	while (len > 1 && lab->dir[len - 1] == '/')
		lab->dir[--len] = '\0';
	buf_printf(&path, "%s/manifest", lab->dir);
	c.path = path.s;
	ret = file_read(path.s, LAB_TEXT_CAP, &text, &len);
	if (ret) {
		snprintf(err, errlen, "cannot read %s: %s", path.s, strerror(-ret));
		buf_free(&path);
		return -1;
	}
	ret = 0;
	for (char *line = text, *next; line && !ret; line = next) {
		char *hash, *row, *rest;

		c.line++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		row = trim(line);
		if (!*row)
			continue;
		rest = row + strcspn(row, " \t");
		if (*rest)
			*rest++ = '\0';
		if (!strcmp(row, "file"))
			ret = add_file(&c, rest);
		else if (!strcmp(row, "test"))
			ret = add_test(&c, rest);
		else
			ret = bad(&c, "unknown row '%s': file or test", row);
	}
	if (!ret && !lab->nfiles)
		ret = bad(&c, "no 'file' row: the lab names no file for the student");
	if (!ret && !lab->ntests)
		ret = bad(&c, "no 'test' row");
	for (size_t i = 0; i < lab->ntests && !ret && lab->answers; i++)
		ret = find_fields(&c, &lab->tests[i]);
	free(text);
	buf_free(&path);
	return ret;
}

void lab_free(struct lab *lab)
{
	for (size_t i = 0; i < lab->nfiles; i++)
		free(lab->files[i]);
	for (size_t i = 0; i < lab->ntests; i++) {
		struct lab_test *t = &lab->tests[i];

		free(t->id);
		free(t->title);
		free(t->part);
		free(t->deps);
		free(t->cmds);
		free(t->expected);
		free(t->hint);
		for (size_t b = 0; b < t->nboot; b++)
			free(t->boot[b]);
		free(t->boot);
	}
	free(lab->files);
	free(lab->tests);
	free(lab->dir);
	memset(lab, 0, sizeof(*lab));
}
