/*
 * Comparing a test's lines with its expected lines, and showing a
 * difference the way a student can read it: both sides numbered, a few
 * lines around the first difference, '>' on the first line that differs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"
#include "grade-fd.h"

/* Lines shown before the first difference, and from it on. */
#define DIFF_BEFORE	3
#define DIFF_FROM	6
/* Bytes of a line shown before "...". */
#define DIFF_LINE_MAX	400

int diff_check_record(const char *out, size_t len, size_t *len_lines, const char **why)
{
	size_t end_len = strlen(GRADE_FD_END);

	if (len < end_len || memcmp(out + len - end_len, GRADE_FD_END, end_len)) {
		*why = "no end record on its channel";
		return -1;
	}
	if (memchr(out, GRADE_FD_RECORD_MARK, len - end_len)) {
		*why = "its output holds a record separator (0x1e) before its end";
		return -1;
	}
	*len_lines = len - end_len;
	return 0;
}

void lines_split(struct lines *l, const char *text, size_t len)
{
	size_t cap = 1;

	for (size_t i = 0; i < len; i++)
		cap += text[i] == '\n';
	l->start = xmalloc(cap * sizeof(*l->start));
	l->len = xmalloc(cap * sizeof(*l->len));
	l->n = 0;
	for (size_t i = 0; i < len; ) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;

		l->start[l->n] = text + i;
		l->len[l->n++] = n;
		i += n + 1;
	}
}

void lines_free(struct lines *l)
{
	free(l->start);
	free(l->len);
}

/* One side, lines [from, to) of @l, numbered, '>' on line @mark. */
static void show_side(struct buf *b, const char *name, const struct lines *l,
		      size_t from, size_t to, size_t mark)
{
	buf_printf(b, "%s:\n", name);
	if (!l->n) {
		buf_puts(b, "  >      (nothing)\n");
		return;
	}
	if (from > 0)
		buf_printf(b, "         ... %zu line%s before\n", from, from == 1 ? "" : "s");
	for (size_t i = from; i < to && i < l->n; i++) {
		buf_printf(b, "  %c %4zu  ", i == mark ? '>' : ' ', i + 1);
		buf_add_printable(b, l->start[i], l->len[i], DIFF_LINE_MAX);
		buf_puts(b, "\n");
	}
	if (mark >= l->n)
		buf_printf(b, "  > %4zu  (no more lines)\n", l->n + 1);
	else if (to < l->n)
		buf_printf(b, "         ... %zu more line%s\n", l->n - to, l->n - to == 1 ? "" : "s");
}

size_t lines_first_difference(const struct lines *w, const struct lines *g)
{
	size_t first = 0;

	while (first < w->n && first < g->n && w->len[first] == g->len[first] &&
	       !memcmp(w->start[first], g->start[first], w->len[first]))
		first++;
	return first < w->n || first < g->n ? first : SIZE_MAX;
}

int diff_lines(struct buf *b, const char *heading, const char *want, size_t want_len,
	       const char *got, size_t got_len, bool got_to_first)
{
	struct lines w, g;
	size_t first, from, to;
	int ret = 0;

	lines_split(&w, want, want_len);
	lines_split(&g, got, got_len);
	first = lines_first_difference(&w, &g);
	if (first != SIZE_MAX) {
		from = first > DIFF_BEFORE ? first - DIFF_BEFORE : 0;
		to = first + DIFF_FROM;
		buf_printf(b, "%s; '>' marks line %zu, the first that differs:\n", heading, first + 1);
		show_side(b, "expected", &w, from, to, first);
		show_side(b, "actual", &g, from, got_to_first ? first + 1 : to, first);
		ret = 1;
	}
	lines_free(&w);
	lines_free(&g);
	return ret;
}

/* edu's PCI name on QEMU's q35, which kernel-lab's module prints: the board's edu. */
#define EDU_PCI_NAME	"0000:00:03.0"

/* The hex digits from @p on, within @end. */
static const char *skip_hex(const char *p, const char *end)
{
	while (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
		p++;
	return p;
}

char *diff_normalise_kernel(const char *s, size_t len, size_t *out_len)
{
	const char *end = s + len, *p = s;
	struct buf b = { 0 };

	buf_add(&b, "", 0);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *q = p;

		/* "[digits.digits] " at the start of the line */
		if (*q == '[') {
			const char *r = q + 1;

			while (r < eol && *r >= '0' && *r <= '9')
				r++;
			if (r > q + 1 && r < eol && *r == '.') {
				const char *f = ++r;

				while (r < eol && *r >= '0' && *r <= '9')
					r++;
				if (r > f && r + 1 < eol && r[0] == ']' && r[1] == ' ') {
					buf_puts(&b, "[T] ");
					q = r + 2;
				}
			}
		}
		while (q < eol) {
			const char *pa = memmem(q, (size_t)(eol - q), "pa=0x", 5);
			const char *pci = memmem(q, (size_t)(eol - q), EDU_PCI_NAME,
						 strlen(EDU_PCI_NAME));
			const char *digits = pa ? pa + 5 : NULL;

			if (pci && (!pa || pci < pa)) {
				buf_add(&b, q, (size_t)(pci - q));
				buf_puts(&b, "edu");
				q = pci + strlen(EDU_PCI_NAME);
				continue;
			}
			if (!pa || skip_hex(digits, eol) == digits) {
				buf_add(&b, q, (size_t)(eol - q));
				break;
			}
			buf_add(&b, q, (size_t)(pa - q));
			buf_puts(&b, "pa=PA");
			q = skip_hex(digits, eol);
		}
		if (nl)
			buf_puts(&b, "\n");
		p = nl ? nl + 1 : end;
	}
	*out_len = b.len;
	return b.s;
}

/* The `dev show` lines of the simulator's that kernel-lab's module has no source for. */
static const char *const vtd_sim_only[] = {
	"compatible: ", "of-node: ", "iommus: ", "probe-attempts: ", "suppliers: ", "consumers: ",
};

/* Whether the line @p..@eol starts with @prefix. */
static bool starts_with(const char *p, const char *eol, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(eol - p) >= n && !memcmp(p, prefix, n);
}

/* Whether @p..@eol is a `group list` line of a group edu is not in. */
static bool group_without_edu(const char *p, const char *eol)
{
	const char *q = p + strlen("group ");

	if (!starts_with(p, eol, "group ") || q == eol || *q < '0' || *q > '9')
		return false;
	while (q < eol && *q >= '0' && *q <= '9')
		q++;
	if (!starts_with(q, eol, " devices="))
		return false;
	q += strlen(" devices=");
	while (q < eol && *q != ' ') {
		const char *e = q;

		while (e < eol && *e != ',' && *e != ' ')
			e++;
		if (e - q == 3 && !memcmp(q, "edu", 3))
			return false;
		q = e < eol && *e == ',' ? e + 1 : e;
	}
	return true;
}

/* A domain name's number as the line has it, its digits in the lines being normalised. */
struct dom_name {
	const char *digits;
	size_t len;
};

/* The decimal digits from @p on, within @end. */
static const char *skip_dec(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

char *diff_normalise_vtd(const char *s, size_t len, size_t *out_len)
{
	const char *end = s + len, *p = s;
	struct buf b = { 0 };
	struct dom_name *seen = NULL;
	size_t nseen = 0, cap = 0;

	buf_add(&b, "", 0);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *q = p;
		bool drop = group_without_edu(p, eol);

		for (size_t i = 0; i < sizeof(vtd_sim_only) / sizeof(vtd_sim_only[0]); i++)
			drop = drop || starts_with(p, eol, vtd_sim_only[i]);
		while (!drop && q < eol) {
			const char *dom = memmem(q, (size_t)(eol - q), "domain=dom", 10);
			const char *digits = dom ? dom + 10 : NULL, *after;
			size_t i, n;

			if (!dom) {
				buf_add(&b, q, (size_t)(eol - q));
				break;
			}
			after = skip_dec(digits, eol);
			if (after == digits) {
				buf_add(&b, q, (size_t)(digits - q));
				q = digits;
				continue;
			}
			n = (size_t)(after - digits);
			for (i = 0; i < nseen; i++)
				if (seen[i].len == n && !memcmp(seen[i].digits, digits, n))
					break;
			if (i == nseen) {
				if (nseen == cap) {
					struct dom_name *more;

					cap = cap ? 2 * cap : 8;
					more = xmalloc(cap * sizeof(*more));
					if (nseen)
						memcpy(more, seen, nseen * sizeof(*more));
					free(seen);
					seen = more;
				}
				seen[nseen++] = (struct dom_name){ digits, n };
			}
			buf_add(&b, q, (size_t)(digits - q));
			buf_printf(&b, "%zu", i);
			q = after;
		}
		if (!drop && nl)
			buf_puts(&b, "\n");
		p = nl ? nl + 1 : end;
	}
	free(seen);
	*out_len = b.len;
	return b.s;
}
