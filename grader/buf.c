/*
 * Growing strings, and allocations that end the grader when memory runs
 * out: it grades one lab and then exits, so nothing is worth unwinding.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"

static void out_of_memory(void)
{
	fputs("grader: out of memory\n", stderr);
	exit(GRADER_EXIT_USAGE);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory();
	return p;
}

static void buf_grow(struct buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 64;
	char *s;

	if (b->len + more + 1 <= b->cap)
		return;
	while (cap < b->len + more + 1)
		cap *= 2;
	s = realloc(b->s, cap);
	if (!s)
		out_of_memory();
	b->s = s;
	b->cap = cap;
}

void buf_add(struct buf *b, const char *s, size_t len)
{
	buf_grow(b, len);
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_add_printable(struct buf *b, const char *s, size_t len, size_t max)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == max) {
			buf_puts(b, "...");
			return;
		}
		if (c < 0x20 || c > 0x7e)
			buf_printf(b, "\\x%02x", c);
		else
			buf_add(b, (const char *)&c, 1);
	}
}

void buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
