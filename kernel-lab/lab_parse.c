// SPDX-License-Identifier: GPL-2.0
/*
 * The console's grammar (docs/console.md), read the way console/cmdtab.c
 * and console/parse.c read it: words separated by blanks, commands by
 * ';', '#' outside a word starts a comment, single and double quotes and
 * backslashes keep blanks in a word; numbers in decimal or 0x hex, sizes
 * with K, M or G.  A word is taken whole: trailing junk, a bare "0x" and
 * overflow are errors.
 */
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lab.h"

/*
 * Splits @line.  The words are written, NUL-terminated, into @buf (at least
 * strlen(@line) + 1 bytes) and pointed to from @argv (at least
 * strlen(@line) + 2 entries); a NULL entry ends each command, two end the
 * line.  Returns 0, or -EINVAL with the reason in @err.
 */
static int split_line(const char *line, char *buf, char **argv,
		      char *err, size_t errlen)
{
	const char *p = line;
	char *w = buf;
	int n = 0;
	bool in_word = false;

	for (;;) {
		char c = *p;

		if (!c || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
			if (in_word)
				*w++ = '\0';
			in_word = false;
			if (c == ';' && n && argv[n - 1])
				argv[n++] = NULL;
			if (!c)
				break;
			p++;
			continue;
		}
		if (c == '#' && !in_word)
			break;
		if (!in_word)
			argv[n++] = w;
		in_word = true;
		if (c == '\'' || c == '"') {
			char quote = c;

			for (p++; *p != quote; p++) {
				if (!*p) {
					snprintf(err, errlen, "unterminated %s quote",
						 quote == '\'' ? "single" : "double");
					return -EINVAL;
				}
				if (quote == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*w++ = *p;
			}
			p++;
			continue;
		}
		if (c == '\\' && p[1])
			p++;
		*w++ = *p++;
	}
	if (in_word)
		*w = '\0';
	argv[n++] = NULL;
	argv[n] = NULL;
	return 0;
}

int lab_run_line(const char *line, int (*run)(int argc, char **argv))
{
	size_t len = strlen(line);
	char err[64];
	char **argv;
	char *buf;
	int i, ret, first = 0;

	buf = kmalloc(len + 1, GFP_KERNEL);
	argv = kvmalloc_array(len + 2, sizeof(*argv), GFP_KERNEL);
	if (!buf || !argv) {
		ret = lab_err(-ENOMEM, "no memory for the line");
		goto out_free;
	}
	ret = split_line(line, buf, argv, err, sizeof(err));
	if (ret) {
		lab_out_set_cmd(NULL);
		ret = lab_err(0, "%s", err);
		goto out_free;
	}
	for (i = 0; argv[i]; ) {
		int argc = 0, r;

		while (argv[i + argc])
			argc++;
		r = run(argc, argv + i);
		if (r && !first)
			first = r;
		i += argc + 1;
	}
	ret = first;
out_free:
	kvfree(argv);
	kfree(buf);
	return ret;
}

static int digit_value(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return (unsigned int)d < base ? d : -1;
}

/*
 * Reads a number at the start of @s; @end is where it stops.  Returns 0,
 * -EINVAL for no digits, -ERANGE when it does not fit in 64 bits.
 */
static int parse_number(const char *s, u64 *out, const char **end)
{
	unsigned int base = 10;
	const char *p = s;
	bool any = false, overflow = false;
	u64 v = 0;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; (d = digit_value(*p, base)) >= 0; p++) {
		any = true;
		if (v > (U64_MAX - d) / base)
			overflow = true;
		else
			v = v * base + d;
	}
	if (!any)
		return -EINVAL;
	*out = v;
	*end = p;
	return overflow ? -ERANGE : 0;
}

int lab_parse_u64(const char *s, u64 *out, char *err, size_t errlen)
{
	const char *end;
	int ret = parse_number(s, out, &end);

	if (ret == -EINVAL || *end) {
		snprintf(err, errlen, "'%s' is not a number", s);
		return -EINVAL;
	}
	if (ret == -ERANGE) {
		snprintf(err, errlen, "'%s' is too large", s);
		return -EINVAL;
	}
	return 0;
}

int lab_parse_size(const char *s, u64 *out, char *err, size_t errlen)
{
	static const char units[] = "KMG";
	unsigned int shift = 0;
	const char *end, *unit;
	u64 v;
	int ret = parse_number(s, &v, &end);

	if (ret == -EINVAL) {
		snprintf(err, errlen, "'%s' is not a number", s);
		return -EINVAL;
	}
	if (*end) {
		char c = *end >= 'a' && *end <= 'z' ? *end - 'a' + 'A' : *end;

		unit = c ? strchr(units, c) : NULL;
		if (!unit || end[1]) {
			snprintf(err, errlen, "unknown suffix in '%s' (use K, M or G)", s);
			return -EINVAL;
		}
		shift = 10 * (unit - units + 1);
	}
	if (ret == -ERANGE || v > U64_MAX >> shift) {
		snprintf(err, errlen, "'%s' is too large", s);
		return -EINVAL;
	}
	*out = v << shift;
	return 0;
}
