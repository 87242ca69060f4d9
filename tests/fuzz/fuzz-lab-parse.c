/*
 * libFuzzer target: the console's grammar as kernel-lab's module builds it
 * (kernel-lab/lab_grammar.c: grammar/grammar.c over the kernel half of
 * grammar/compat.h, here the userspace stand-ins of kshim/).  The input is
 * one write to the module's command file: at most LAB_LINE_MAX bytes, no
 * NUL (the module refuses both before reading), split at newlines.  Each
 * line is split into buffers of exactly the size gram_split() asks for,
 * so that a write past them is a finding, and the result is checked
 * against what is known independently:
 *  - quoting each word again and splitting the quoted line gives the
 *    same commands and words;
 *  - a word is a number exactly when strtoull() reads all of it as
 *    decimal or (after 0x) hex digits, with the same value and the same
 *    overflow; a size exactly when that holds for it less one K, M or G,
 *    times 2^10, 2^20 or 2^30;
 *  - the error line of any word is one line, of the length it says.
 * A disagreement aborts with the line printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lab.h"

static void __attribute__((noreturn)) wrong(const char *line, const char *what)
{
	fprintf(stderr, "the grammar reads '%s' wrongly: %s\n", line, what);
	abort();
}

/* Splits @line into exact-size buffers: 0 and the vector, or the error. */
static int split(const char *line, char **bufp, char ***argvp, struct gram_err *e)
{
	size_t len = strlen(line);

	*bufp = malloc(len + 1);
	*argvp = malloc((len + 2) * sizeof(**argvp));
	if (!*bufp || !*argvp)
		abort();
	return gram_split(line, *bufp, *argvp, e);
}

/* @w quoted so that the grammar reads it back as it is. */
static void quote(const char *w, char *out)
{
	if (!strchr(w, '\'')) {
		*out++ = '\'';
		out = stpcpy(out, w);
		*out++ = '\'';
	} else {
		*out++ = '"';
		for (; *w; w++) {
			if (*w == '"' || *w == '\\')
				*out++ = '\\';
			*out++ = *w;
		}
		*out++ = '"';
	}
	*out = '\0';
}

static void check_round_trip(const char *line, char **argv)
{
	size_t len = strlen(line);
	char *again = malloc(4 * len + 8), *p = again, *buf2, **argv2, **c1, **c2;
	struct gram_err e;
	int n;

	if (!again)
		abort();
	*p = '\0';
	for (char **cmd = argv; *cmd; cmd += gram_argc(cmd) + 1) {
		for (int w = 0; cmd[w]; w++) {
			if (w)
				*p++ = ' ';
			quote(cmd[w], p);
			p += strlen(p);
		}
		*p++ = ';';
		*p = '\0';
	}
	if (split(again, &buf2, &argv2, &e))
		wrong(line, "its words quoted do not split");
	for (c1 = argv, c2 = argv2; *c1 && *c2; c1 += n + 1, c2 += n + 1) {
		n = gram_argc(c1);
		if (gram_argc(c2) != n)
			wrong(line, "its words quoted split into other commands");
		for (int i = 0; i < n; i++)
			if (strcmp(c1[i], c2[i]))
				wrong(line, "its words quoted split into other words");
	}
	if (*c1 || *c2)
		wrong(line, "its words quoted split into more or fewer commands");
	free(argv2);
	free(buf2);
	free(again);
}

/* strtoull() where it reads the whole word: 0, -1 not a number, -2 too large. */
static int ref_u64(const char *s, uint64_t *v)
{
	int base = 10;
	const char *d = s;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		d = s + 2;
	}
	if (!*d)
		return -1;
	for (const char *p = d; *p; p++)
		if (!((*p >= '0' && *p <= '9') ||
		      (base == 16 && ((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))))
			return -1;
	errno = 0;
	*v = strtoull(d, &end, base);
	return errno == ERANGE ? -2 : 0;
}

static void check_numbers(const char *line, const char *w)
{
	static const char units[] = "kKmMgG";
	size_t len = strlen(w);
	struct gram_err e;
	uint64_t v, rv;
	int r, rr;
	char num[64];

	r = gram_parse_u64(w, &v, &e);
	rr = ref_u64(w, &rv);
	if (!r != !rr || (!r && v != rv))
		wrong(line, "a number");
	if (rr == -2 && !strstr(e.msg, "is too large"))
		wrong(line, "a number too large");

	r = gram_parse_size(w, &v, &e);
	rr = ref_u64(w, &rv);
	if (rr == -1 && len > 1 && len < sizeof(num) && strchr(units, w[len - 1])) {
		/* k and K are 2^10, m and M 2^20, g and G 2^30 */
		int shift = 10 * ((strchr(units, w[len - 1]) - units) / 2 + 1);

		memcpy(num, w, len - 1);
		num[len - 1] = '\0';
		rr = ref_u64(num, &rv);
		if (!rr && rv > ~0ULL >> shift)
			rr = -2;
		rv <<= shift;
	}
	if (!r != !rr || (!r && v != rv))
		wrong(line, "a size");
}

static void check_err_line(const char *line, const char *w)
{
	size_t n = gram_err_line(NULL, 0, "x", w, "-EINVAL");
	char *buf = malloc(n + 1);

	if (!buf)
		abort();
	if (gram_err_line(buf, n + 1, "x", w, "-EINVAL") != n || strlen(buf) != n ||
	    strchr(buf, '\n') != buf + n - 1)
		wrong(line, "an error line");
	free(buf);
}

static void check_line(const char *line)
{
	struct gram_err e;
	char *buf, **argv;

	if (!split(line, &buf, &argv, &e)) {
		check_round_trip(line, argv);
		for (char **cmd = argv; *cmd; cmd += gram_argc(cmd) + 1) {
			struct gram_dev_add a;

			for (int i = 0; cmd[i]; i++) {
				check_numbers(line, cmd[i]);
				check_err_line(line, cmd[i]);
			}
			if (!gram_parse_dev_add(gram_argc(cmd), cmd, &a, &e) &&
			    (!a.compatible || a.nr_ids > GRAM_MAX_IDS))
				wrong(line, "dev add");
		}
	} else if (strncmp(e.msg, "unterminated ", 13)) {
		wrong(line, "a split that fails for no reason");
	}
	free(argv);
	free(buf);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *line, *next;

	if (size > LAB_LINE_MAX || memchr(data, '\0', size))
		return -1;
	text = strndup((const char *)data, size);
	if (!text)
		abort();
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		check_line(line);
	}
	free(text);
	return 0;
}
