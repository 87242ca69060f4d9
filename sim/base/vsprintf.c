/*
 * Formatting with the kernel's printf extensions (lib/vsprintf.c), for
 * the kernel log and the names drivers build: the C library does every
 * standard conversion, one at a time; the "%p" family is done here.
 *
 *   %pa, %pap	a phys_addr_t passed by reference, "0x" and 16 digits
 *   %pad	a dma_addr_t passed by reference, likewise
 *   %pR, %pr	a struct resource: "[mem 0x10205000-0x10205fff]"
 *   %p		any other pointer: "(____ptrval____)", as the kernel prints
 *		one before its hashing key is ready, never a host address
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/printk.h>
#include <sim/types.h>

#include <linux/ioport.h>

struct fmt_buf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void buf_add(struct fmt_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *grown = realloc(b->s, cap);

		if (!grown) {
			b->failed = true;
			return;
		}
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_printf(struct fmt_buf *b, const char *fmt, ...) __printf(2, 3);

static void buf_printf(struct fmt_buf *b, const char *fmt, ...)
{
	char one[128], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(one, sizeof(one), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof(one)) {
		buf_add(b, one, n);
		return;
	}
	va_start(ap, fmt);
	n = vasprintf(&big, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	buf_add(b, big, n);
	free(big);
}

/* The kernel's %p extensions; returns the characters after 'p' it used. */
static size_t format_pointer(struct fmt_buf *b, const char *ext, const void *p)
{
	if (ext[0] == 'a') {
		/* %pa and %pap take a phys_addr_t, %pad a dma_addr_t: both u64 here */
		buf_printf(b, "0x%016llx", (unsigned long long)*(const u64 *)p);
		return ext[1] == 'p' || ext[1] == 'd' ? 2 : 1;
	}
	if (ext[0] == 'R' || ext[0] == 'r') {
		const struct resource *res = p;

		/* memory resources print at least 8 digits, as %pR does */
		buf_printf(b, "[mem 0x%08llx-0x%08llx]", (unsigned long long)res->start,
			   (unsigned long long)res->end);
		return 1;
	}
	buf_add(b, "(____ptrval____)", 16);
	return 0;
}

char *sim_vasprintf(const char *fmt, va_list ap)
{
	struct fmt_buf b = { 0 };
	const char *p = fmt;

	buf_add(&b, "", 0);
	while (*p && !b.failed) {
		const char *start = p;
		char spec[32];
		size_t n;

		if (*p != '%') {
			n = strcspn(p, "%");
			buf_add(&b, p, n);
			p += n;
			continue;
		}
		p++;
		if (*p == '%') {
			buf_add(&b, "%", 1);
			p++;
			continue;
		}
		/* flags, width, precision: '*' takes an int */
		{
			int stars[2], nstars = 0;
			char len[3] = "";

			p += strspn(p, "-+ #0");
			if (*p == '*') {
				stars[nstars++] = va_arg(ap, int);
				p++;
			} else {
				p += strspn(p, "0123456789");
			}
			if (*p == '.') {
				p++;
				if (*p == '*') {
					stars[nstars++] = va_arg(ap, int);
					p++;
				} else {
					p += strspn(p, "0123456789");
				}
			}
			n = strspn(p, "hlzjt");
			if (n > 2 || (size_t)(p + n - start) + 2 > sizeof(spec)) {
				b.failed = true;
				break;
			}
			memcpy(len, p, n);
			p += n;
			memcpy(spec, start, p - start + 1);
			spec[p - start + 1] = '\0';

#define ARGS(type) nstars == 2 ? buf_printf(&b, spec, stars[0], stars[1], va_arg(ap, type)) : \
		   nstars == 1 ? buf_printf(&b, spec, stars[0], va_arg(ap, type)) :		\
		   buf_printf(&b, spec, va_arg(ap, type))
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
			switch (*p) {
			case 'd': case 'i':
				if (!strcmp(len, "ll") || !strcmp(len, "j"))
					ARGS(long long);
				else if (len[0] == 'l' || len[0] == 'z' || len[0] == 't')
					ARGS(long);
				else
					ARGS(int);
				break;
			case 'u': case 'x': case 'X': case 'o':
				if (!strcmp(len, "ll") || !strcmp(len, "j"))
					ARGS(unsigned long long);
				else if (len[0] == 'l' || len[0] == 'z' || len[0] == 't')
					ARGS(unsigned long);
				else
					ARGS(unsigned int);
				break;
			case 'c':
				ARGS(int);
				break;
			case 's':
				ARGS(const char *);
				break;
			case 'p':
				p += format_pointer(&b, p + 1, va_arg(ap, const void *));
				break;
			default:
				/* a conversion the simulator never formats */
				b.failed = true;
				break;
			}
#pragma GCC diagnostic pop
#undef ARGS
			p++;
		}
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
