/*
 * The console's grammar, for the console and for kernel-lab's module
 * alike (grammar.h says what is here and why it is one file).  Words are
 * taken whole: trailing junk, a bare "0x" and overflow are errors.
 */
#include <grammar/grammar.h>
#include <sim/name.h>
/* the event table only: its helpers need the simulator or the kernel */
#define IOMMU_LAB_TRACE_TABLE_ONLY
#include <trace/events/iommu_lab.h>
#undef IOMMU_LAB_TRACE_TABLE_ONLY

/* Writes the reason into @e, cut with "..." if it does not fit; returns -EINVAL. */
static int gram_fail(struct gram_err *e, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int gram_fail(struct gram_err *e, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(e->msg))
		memcpy(e->msg + sizeof(e->msg) - 4, "...", 4);
	e->err = err;
	return -EINVAL;
}

/* Tokenizer */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int gram_lex(const char **pos, char *out, struct gram_err *e)
{
	const char *p = *pos;

	while (is_blank(*p))
		p++;
	if (!*p) {
		*pos = p;
		return GRAM_END;
	}
	if (*p == ';') {
		*pos = p + 1;
		return GRAM_SEMI;
	}
	if (*p == '#') {
		*pos = p + strlen(p);
		return GRAM_COMMENT;
	}
	while (*p && !is_blank(*p) && *p != ';') {
		char quote = *p;

		if (quote == '\'' || quote == '"') {
			for (p++; *p != quote; p++) {
				if (!*p)
					return gram_fail(e, 0, "unterminated %s quote",
							 quote == '\'' ? "single" : "double");
				if (quote == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*out++ = *p;
			}
			p++;
			continue;
		}
		if (*p == '\\' && p[1])
			p++;
		*out++ = *p++;
	}
	*out = '\0';
	*pos = p;
	return GRAM_WORD;
}

int gram_split(const char *line, char *buf, char **argv, struct gram_err *e)
{
	const char *p = line;
	int n = 0, tok;

	while ((tok = gram_lex(&p, buf, e)) != GRAM_END && tok != GRAM_COMMENT) {
		if (tok < 0) {
			argv[0] = NULL;
			return tok;
		}
		if (tok == GRAM_WORD) {
			argv[n++] = buf;
			buf += strlen(buf) + 1;
		} else if (n && argv[n - 1]) {
			argv[n++] = NULL;
		}
	}
	if (n && argv[n - 1])
		argv[n++] = NULL;
	argv[n] = NULL;
	return 0;
}

int gram_argc(char *const *argv)
{
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

/* Numbers */

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
 * Reads a decimal or 0x-hex number at the start of @s and stores where it
 * ends in @end.  Returns 0, -EINVAL when there are no digits, or -ERANGE
 * when the value does not fit in 64 bits.
 */
static int parse_number(const char *s, uint64_t *out, const char **end)
{
	unsigned int base = 10;
	const char *p = s;
	bool any = false, overflow = false;
	uint64_t v = 0;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; (d = digit_value(*p, base)) >= 0; p++) {
		any = true;
		if (v > (~0ULL - d) / base)
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

static int not_a_number(const char *s, struct gram_err *e)
{
	return gram_fail(e, 0, "'%s' is not a number", s);
}

static int too_large(const char *s, struct gram_err *e)
{
	return gram_fail(e, 0, "'%s' is too large", s);
}

int gram_parse_u64(const char *s, uint64_t *out, struct gram_err *e)
{
	const char *end;
	int ret = parse_number(s, out, &end);

	if (ret == -EINVAL || *end)
		return not_a_number(s, e);
	if (ret == -ERANGE)
		return too_large(s, e);
	return 0;
}

int gram_parse_s64(const char *s, int64_t *out, struct gram_err *e)
{
	bool neg = *s == '-';
	const char *end;
	uint64_t v;
	int ret = parse_number(s + neg, &v, &end);

	if (ret == -EINVAL || *end)
		return not_a_number(s, e);
	if (ret == -ERANGE || v > (~0ULL >> 1) + neg)
		return gram_fail(e, 0, "'%s' is out of range", s);
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int gram_parse_size(const char *s, uint64_t *out, struct gram_err *e)
{
	static const char units[] = "KMG";
	const char *end, *unit;
	unsigned int shift = 0;
	uint64_t v;
	int ret = parse_number(s, &v, &end);

	if (ret == -EINVAL)
		return not_a_number(s, e);
	if (*end) {
		char c = *end >= 'a' && *end <= 'z' ? *end - 'a' + 'A' : *end;

		unit = strchr(units, c);
		if (!unit || end[1])
			return gram_fail(e, 0, "unknown suffix in '%s' (use K, M or G)", s);
		shift = 10 * (unit - units + 1);
	}
	if (ret == -ERANGE || v > ~0ULL >> shift)
		return too_large(s, e);
	*out = v << shift;
	return 0;
}

int gram_parse_duration(const char *s, uint64_t *ns, struct gram_err *e)
{
	static const struct {
		const char *name;
		uint64_t mult;
	} units[] = {
		{ "ns", 1 },
		{ "us", 1000 },
		{ "ms", 1000000 },
		{ "s", 1000000000 },
	};
	uint64_t mult = 1000000, v;
	const char *end;
	int ret = parse_number(s, &v, &end);
	size_t i;

	if (ret == -EINVAL)
		return not_a_number(s, e);
	if (*end) {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strcmp(end, units[i].name))
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return gram_fail(e, 0, "unknown unit in '%s' (use ns, us, ms or s)", s);
		mult = units[i].mult;
	}
	if (ret == -ERANGE || v > ~0ULL / mult)
		return too_large(s, e);
	*ns = v * mult;
	return 0;
}

/* Argument specs */

const char *gram_spec_next(const char *p, struct gram_spec_word *w)
{
	const char *start;
	int depth = 0;

	while (p && *p == ' ')
		p++;
	if (!p || !*p)
		return NULL;
	start = p;
	while (*p && (depth > 0 || *p != ' ')) {
		if (*p == '[' || *p == '<')
			depth++;
		else if (*p == ']' || *p == '>')
			depth--;
		p++;
	}
	w->text = start;
	w->len = p - start;
	w->optional = start[0] == '[' && p[-1] == ']';
	if (w->optional) {
		w->text++;
		w->len -= 2;
	}
	w->repeat = w->len >= 3 && !strncmp(w->text + w->len - 3, "...", 3);
	if (w->repeat)
		w->len -= 3;
	return p;
}

void gram_spec_count(const char *spec, int *min, int *max)
{
	struct gram_spec_word w;
	const char *p = spec;

	*min = 0;
	*max = 0;
	while ((p = gram_spec_next(p, &w))) {
		if (!w.optional)
			(*min)++;
		if (w.repeat)
			*max = -1;
		else if (*max >= 0)
			(*max)++;
	}
}

int gram_check_count(const char *name, const char *spec, int nargs, struct gram_err *e)
{
	bool has_spec = spec && *spec;
	int min, max;

	gram_spec_count(spec, &min, &max);
	if (nargs >= min && (max < 0 || nargs <= max))
		return 0;
	return gram_fail(e, 0, "usage: %s%s%s", name, has_spec ? " " : "",
			 has_spec ? spec : "");
}

/* Command tables */

size_t gram_word0_len(const char *name)
{
	return strcspn(name, " ");
}

int gram_name_words(const char *name)
{
	return name[gram_word0_len(name)] ? 2 : 1;
}

static bool word0_is(const char *name, const char *w0)
{
	size_t len = gram_word0_len(name);

	return strlen(w0) == len && !strncmp(name, w0, len);
}

long gram_find(gram_row_fn row, const char *w0, const char *w1)
{
	const char *name, *spec;
	size_t i;

	for (i = 0; (name = row(i, &spec)); i++) {
		if (!word0_is(name, w0))
			continue;
		if (!w1 && gram_name_words(name) == 1)
			return i;
		if (w1 && gram_name_words(name) == 2 &&
		    !strcmp(name + gram_word0_len(name) + 1, w1))
			return i;
	}
	return -1;
}

bool gram_is_group(gram_row_fn row, const char *w0)
{
	const char *name, *spec;
	size_t i;

	for (i = 0; (name = row(i, &spec)); i++)
		if (gram_name_words(name) == 2 && word0_is(name, w0))
			return true;
	return false;
}

/* "list, show, add, del": @w0's subcommands, as far as they fit in @e. */
static void subcommand_list(gram_row_fn row, const char *w0, char *buf, size_t size)
{
	const char *name, *spec;
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; (name = row(i, &spec)); i++) {
		int n;

		if (gram_name_words(name) != 2 || !word0_is(name, w0))
			continue;
		n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
			     name + gram_word0_len(name) + 1);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += n;
	}
}

static int unknown_command(gram_row_fn row, int argc, char *const *argv,
			   const char **cmd, struct gram_err *e)
{
	struct gram_suggest s;
	const char *name, *spec, *best;
	size_t i;

	*cmd = NULL;
	if (!gram_is_group(row, argv[0])) {
		gram_suggest_init(&s, argv[0]);
		for (i = 0; (name = row(i, &spec)); i++)
			gram_suggest_add(&s, name, gram_word0_len(name));
		best = gram_suggest_best(&s);
		if (best)
			return gram_fail(e, 0, "unknown command '%s'; did you mean '%s'?",
					 argv[0], best);
		return gram_fail(e, 0, "unknown command '%s'", argv[0]);
	}
	*cmd = argv[0];
	if (argc < 2) {
		char list[GRAM_MSG_MAX - 24];

		subcommand_list(row, argv[0], list, sizeof(list));
		return gram_fail(e, 0, "missing subcommand (%s)", list);
	}
	gram_suggest_init(&s, argv[1]);
	for (i = 0; (name = row(i, &spec)); i++) {
		const char *sub = name + gram_word0_len(name) + 1;

		if (gram_name_words(name) == 2 && word0_is(name, argv[0]))
			gram_suggest_add(&s, sub, strlen(sub));
	}
	best = gram_suggest_best(&s);
	if (best)
		return gram_fail(e, 0, "unknown subcommand '%s'; did you mean '%s'?",
				 argv[1], best);
	return gram_fail(e, 0, "unknown subcommand '%s'", argv[1]);
}

int gram_lookup(gram_row_fn row, int argc, char *const *argv, size_t *idx,
		const char **cmd, struct gram_err *e)
{
	const char *spec;
	long i = -1;

	if (argc >= 2)
		i = gram_find(row, argv[0], argv[1]);
	if (i < 0)
		i = gram_find(row, argv[0], NULL);
	if (i < 0)
		return unknown_command(row, argc, argv, cmd, e);
	*idx = i;
	return gram_name_words(row(i, &spec));
}

/* Suggestions */

#define DIST_MAX_LEN 63

unsigned int gram_edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	/* three rows of the table: two back, one back, this one */
	unsigned char d[3][DIST_MAX_LEN + 1];
	size_t i, j;

	if (alen > DIST_MAX_LEN || blen > DIST_MAX_LEN)
		return ~0U;
	for (j = 0; j <= blen; j++)
		d[0][j] = j;
	for (i = 1; i <= alen; i++) {
		unsigned char *cur = d[i % 3], *prev = d[(i - 1) % 3], *prev2 = d[(i + 1) % 3];

		cur[0] = i;
		for (j = 1; j <= blen; j++) {
			unsigned int v = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1u < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1u < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1u < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
	}
	return d[alen % 3][blen];
}

void gram_suggest_init(struct gram_suggest *s, const char *word)
{
	s->word = word;
	s->best[0] = '\0';
	s->dist = ~0U;
}

void gram_suggest_add(struct gram_suggest *s, const char *cand, size_t len)
{
	unsigned int dist;

	if (len >= sizeof(s->best))
		return;
	dist = gram_edit_distance(s->word, strlen(s->word), cand, len);
	/* the first of equally near candidates wins, so the table order decides */
	if (dist < s->dist) {
		s->dist = dist;
		memcpy(s->best, cand, len);
		s->best[len] = '\0';
	}
}

const char *gram_suggest_best(const struct gram_suggest *s)
{
	/*
	 * At most two edits, and fewer than half the letters typed: "q" is
	 * not "quit", nor "foo" "vfio", while "hepl" is "help".
	 */
	if (s->dist == 0 || s->dist > 2 || s->dist * 2 >= strlen(s->word))
		return NULL;
	return s->best;
}

/* The error line */

/* Length of the valid UTF-8 sequence at @s (2..4), or 0 if there is none. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned int cp;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, past U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Appends @n bytes of @s to what fits of @buf; counts them all in *@len. */
static void line_add(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, (*len)++)
		if (*len + 1 < size)
			buf[*len] = s[i];
}

size_t gram_err_line(char *buf, size_t size, const char *cmd, const char *msg,
		     const char *errname)
{
	const unsigned char *p = (const unsigned char *)msg;
	size_t len = 0;

	line_add(buf, size, &len, "error: ", 7);
	if (cmd) {
		line_add(buf, size, &len, cmd, strlen(cmd));
		line_add(buf, size, &len, ": ", 2);
	}
	while (*p) {
		size_t n = *p >= 0x80 ? utf8_len(p) : 1;

		if (n > 1) {
			line_add(buf, size, &len, (const char *)p, n);
			p += n;
		} else if (*p < 0x20 || *p == 0x7f || *p >= 0x80) {
			char hex[5];

			snprintf(hex, sizeof(hex), "\\x%02x", *p++);
			line_add(buf, size, &len, hex, 4);
		} else {
			line_add(buf, size, &len, (const char *)p++, 1);
		}
	}
	if (errname) {
		line_add(buf, size, &len, " (", 2);
		line_add(buf, size, &len, errname, strlen(errname));
		line_add(buf, size, &len, ")", 1);
	}
	line_add(buf, size, &len, "\n", 1);
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

/* Argument parsers */

int gram_check_name(const char *what, const char *name, struct gram_err *e)
{
	if (sim_name_valid(name))
		return 0;
	return gram_fail(e, 0, "bad %s name '%s': %s", what, name, SIM_NAME_RULE);
}

int gram_parse_addr(const char *what, const char *s, uint64_t *out, struct gram_err *e)
{
	struct gram_err why;

	if (gram_parse_size(s, out, &why))
		return gram_fail(e, 0, "bad %s: %s", what, why.msg);
	return 0;
}

static int parse_dir(const char *s, enum gram_dir *dir)
{
	if (!strcmp(s, "to"))
		*dir = GRAM_DIR_TO;
	else if (!strcmp(s, "from"))
		*dir = GRAM_DIR_FROM;
	else if (!strcmp(s, "bidi"))
		*dir = GRAM_DIR_BIDI;
	else
		return -EINVAL;
	return 0;
}

int gram_parse_map_args(int argc, char *const *argv, bool sg, int *nsegs,
			enum gram_dir *dir, struct gram_err *e)
{
	*dir = GRAM_DIR_BIDI;
	*nsegs = argc - 2;
	if (*nsegs > 1 && !parse_dir(argv[argc - 1], dir))
		(*nsegs)--;
	if (!sg && *nsegs != 1)
		return gram_fail(e, 0, "dma map takes one SIZE[@OFFSET], then to, from or bidi");
	if (*nsegs > GRAM_MAP_MAX_SEGS)
		return gram_fail(e, -EINVAL, "more than %d segments", GRAM_MAP_MAX_SEGS);
	return 0;
}

int gram_parse_seg(const char *s, uint64_t *len, uint64_t *off, struct gram_err *e)
{
	char word[64], *at;
	struct gram_err why;

	if (strlen(s) >= sizeof(word))
		return gram_fail(e, 0, "bad segment '%s'", s);
	memcpy(word, s, strlen(s) + 1);
	*off = 0;
	at = strchr(word, '@');
	if (at) {
		*at = '\0';
		if (gram_parse_size(at + 1, off, &why))
			return gram_fail(e, 0, "bad offset in '%s': %s", s, why.msg);
		if (*off >= GRAM_PAGE_SIZE)
			return gram_fail(e, -EINVAL, "offset 0x%llx in '%s' is past the page",
					 (unsigned long long)*off, s);
	}
	if (gram_parse_size(word, len, &why))
		return gram_fail(e, 0, "bad length in '%s': %s", s, why.msg);
	if (!*len || *len > 0xffffffffULL - GRAM_PAGE_SIZE)
		return gram_fail(e, -EINVAL, "segment '%s' has a bad length (1..4G)", s);
	return 0;
}

/* port=N and, for writes, byte=V; anything else is an error. */
static int parse_dma_options(int argc, char *const *argv, bool write, struct gram_dma_args *a,
			     struct gram_err *e)
{
	struct gram_err why;
	int i;

	for (i = 3; i < argc; i++) {
		uint64_t v;

		if (!strncmp(argv[i], "port=", 5)) {
			if (gram_parse_u64(argv[i] + 5, &v, &why) || v > GRAM_DMA_MAX_PORT)
				return gram_fail(e, 0, "bad port '%s'", argv[i] + 5);
			a->port = v;
		} else if (write && !strncmp(argv[i], "byte=", 5)) {
			if (gram_parse_u64(argv[i] + 5, &v, &why) || v > 0xff)
				return gram_fail(e, 0, "bad byte '%s'", argv[i] + 5);
			a->byte = v;
		} else {
			return gram_fail(e, 0, "unknown option '%s'", argv[i]);
		}
	}
	return 0;
}

int gram_parse_dma_args(int argc, char *const *argv, bool write, struct gram_dma_args *a,
			struct gram_err *e)
{
	a->port = 0;
	a->byte = GRAM_DMA_BYTE;
	if (gram_parse_addr("iova", argv[1], &a->iova, e) ||
	    gram_parse_addr("length", argv[2], &a->len, e) ||
	    parse_dma_options(argc, argv, write, a, e))
		return -EINVAL;
	if (!a->len || a->len > GRAM_DMA_MAX_LEN)
		return gram_fail(e, -EINVAL, "length 0x%llx is not 1..0x%x",
				 (unsigned long long)a->len, GRAM_DMA_MAX_LEN);
	if (a->iova + a->len - 1 < a->iova)
		return gram_fail(e, -ERANGE, "iova range 0x%llx+0x%llx does not fit",
				 (unsigned long long)a->iova, (unsigned long long)a->len);
	return 0;
}

static const char *const dev_keys[] = { "compatible", "iommus", "larb", "bus", "slot" };

enum dev_key {
	KEY_COMPATIBLE,
	KEY_IOMMUS,
	KEY_LARB,
	KEY_BUS,
	KEY_SLOT,
	KEY_COUNT
};

#define BAD_IOMMUS	"bad iommus '%s' (use <iommu>:<id>[,<id>...])"

/*
 * "IOMMU:ID[,ID...]".  An ID is a number, as a device tree cell is: no K,
 * M or G (docs/console.md: numbers are decimal or 0x hex, sizes take the
 * suffixes).
 */
static int parse_iommus(const char *value, struct gram_dev_add *a, struct gram_err *e)
{
	const char *colon = strchr(value, ':');
	const char *p;

	if (!colon || colon == value || !colon[1])
		return gram_fail(e, 0, BAD_IOMMUS, value);
	if ((size_t)(colon - value) >= sizeof(a->iommu))
		return gram_fail(e, 0, "bad iommus '%s': name too long", value);
	memcpy(a->iommu, value, colon - value);
	a->iommu[colon - value] = '\0';

	for (p = colon + 1; ; ) {
		size_t len = strcspn(p, ",");
		struct gram_err why;
		char id[32];
		uint64_t v;

		if (a->nr_ids == GRAM_MAX_IDS)
			return gram_fail(e, 0, "bad iommus '%s': more than %d ids", value,
					 GRAM_MAX_IDS);
		if (!len || len >= sizeof(id))
			return gram_fail(e, 0, BAD_IOMMUS, value);
		memcpy(id, p, len);
		id[len] = '\0';
		if (gram_parse_u64(id, &v, &why))
			return gram_fail(e, 0, "bad iommus '%s': %s", value, why.msg);
		if (v > 0xffffffffULL)
			return gram_fail(e, 0, "bad iommus '%s': '%s' is too large", value, id);
		a->ids[a->nr_ids++] = v;
		if (!p[len])
			break;
		p += len + 1;
	}
	return 0;
}

/* A PCI device number on the root bus, function 0: 0 to 31, a number. */
static int parse_slot(const char *value, struct gram_dev_add *a, struct gram_err *e)
{
	struct gram_err why;
	uint64_t v;

	if (gram_parse_u64(value, &v, &why))
		return gram_fail(e, 0, "bad slot '%s': %s", value, why.msg);
	if (v > GRAM_PCI_SLOT_MAX)
		return gram_fail(e, 0, "bad slot '%s' (use 0 to %d)", value, GRAM_PCI_SLOT_MAX);
	a->slot = v;
	a->slot_given = true;
	return 0;
}

int gram_parse_dev_add(int argc, char *const *argv, struct gram_dev_add *a,
		       struct gram_err *e)
{
	bool seen[KEY_COUNT] = { false };
	int i;

	memset(a, 0, sizeof(*a));
	a->name = argv[0];
	if (gram_check_name("device", argv[0], e))
		return -EINVAL;
	for (i = 1; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		const char *value;
		size_t klen;
		int key;

		if (!eq)
			return gram_fail(e, 0, "'%s' is not key=value", argv[i]);
		klen = eq - argv[i];
		value = eq + 1;
		for (key = 0; key < KEY_COUNT; key++)
			if (strlen(dev_keys[key]) == klen && !strncmp(dev_keys[key], argv[i], klen))
				break;
		if (key == KEY_COUNT)
			return gram_fail(e, 0, "unknown key '%.*s' (use compatible, iommus, larb, bus or slot)",
					 (int)klen, argv[i]);
		if (seen[key])
			return gram_fail(e, 0, "'%s' given twice", dev_keys[key]);
		seen[key] = true;
		if (!*value)
			return gram_fail(e, 0, "empty value for '%s'", dev_keys[key]);

		switch (key) {
		case KEY_COMPATIBLE:
			a->compatible = value;
			break;
		case KEY_IOMMUS:
			if (parse_iommus(value, a, e))
				return -EINVAL;
			break;
		case KEY_LARB:
			a->larb = value;
			break;
		case KEY_BUS:
			if (!strcmp(value, "pci"))
				a->pci = true;
			else if (strcmp(value, "platform"))
				return gram_fail(e, 0, "bad bus '%s' (use platform or pci)", value);
			break;
		case KEY_SLOT:
			if (parse_slot(value, a, e))
				return -EINVAL;
			break;
		}
	}
	if (!a->compatible)
		return gram_fail(e, 0, "missing compatible=<str>");
	if (a->slot_given && !a->pci)
		return gram_fail(e, 0, "slot= is a PCI device number: it needs bus=pci");
	return 0;
}

int gram_parse_dev_set(const char *param, const char *value, enum gram_dev_param *p,
		       uint64_t *v, struct gram_err *e)
{
	struct gram_err why;

	/* driver_override is each side's own, looked at before this */
	if (!strcmp(param, "dma-mask"))
		*p = GRAM_DEV_DMA_MASK;
	else if (!strcmp(param, "max-seg"))
		*p = GRAM_DEV_MAX_SEG;
	else if (!strcmp(param, "seg-boundary"))
		*p = GRAM_DEV_SEG_BOUNDARY;
	else
		return gram_fail(e, 0, "unknown parameter '%s' "
				 "(dma-mask, max-seg, seg-boundary, driver_override)", param);
	if (gram_parse_size(value, v, &why))
		return gram_fail(e, 0, "bad value: %s", why.msg);
	switch (*p) {
	case GRAM_DEV_DMA_MASK:
		if (*v < 1 || *v > 64)
			return gram_fail(e, -EINVAL, "a DMA mask is 1 to 64 bits, not %llu",
					 (unsigned long long)*v);
		break;
	case GRAM_DEV_MAX_SEG:
		if (!*v || *v > 0xffffffffULL)
			return gram_fail(e, -EINVAL, "max-seg 0x%llx is not 1..0xffffffff",
					 (unsigned long long)*v);
		break;
	case GRAM_DEV_SEG_BOUNDARY:
		/* dma-iommu counts on a power of two less one, at least a page. */
		if (*v < GRAM_PAGE_SIZE - 1 || (*v & (*v + 1)))
			return gram_fail(e, -EINVAL,
					 "seg-boundary 0x%llx is not 2^n - 1 of at least 0xfff",
					 (unsigned long long)*v);
		break;
	}
	return 0;
}

int gram_parse_trace_count(int *argc, char ***argv, uint64_t *n, struct gram_err *e)
{
	*n = ~0ULL;
	if (!*argc || (*argv)[0][0] < '0' || (*argv)[0][0] > '9')
		return 0;
	if (gram_parse_u64((*argv)[0], n, e))
		return -EINVAL;
	(*argc)--;
	(*argv)++;
	return 0;
}

/* trace show's words */

#define GRAM_EVENT_NAME(name, event, ...) event,
#define GRAM_EVENT_FMT_DEV(name, event, args, dev, fmt, ...) fmt,
#define GRAM_EVENT_FMT_SIM(name, event, args, fmt, ...) fmt,
/* every event's name and format, as the table gives them (names repeat) */
static const char *const gram_trace_names[] = {
	IOMMU_LAB_TRACE_EVENTS(GRAM_EVENT_NAME, GRAM_EVENT_NAME)
};
static const char *const gram_trace_fmts[] = {
	IOMMU_LAB_TRACE_EVENTS(GRAM_EVENT_FMT_DEV, GRAM_EVENT_FMT_SIM)
};
static const char *const gram_trace_subject_keys[] = { IOMMU_LAB_TRACE_WARN_SUBJECT_KEYS };
#define GRAM_COUNT(a)	(sizeof(a) / sizeof((a)[0]))

const char *gram_trace_event_next(const char *prev)
{
	const char *best = NULL;
	size_t i;

	for (i = 0; i < GRAM_COUNT(gram_trace_names); i++) {
		const char *n = gram_trace_names[i];

		if ((!prev || strcmp(n, prev) > 0) && (!best || strcmp(n, best) < 0))
			best = n;
	}
	return best;
}

/* Byte order of keys that are not NUL-terminated: a prefix first. */
static int gram_key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

/* The nearest key after @prev so far: *@best, or NULL before the first. */
struct gram_key_walk {
	const char *prev, *best;
	size_t prev_len, best_len;
};

static void gram_key_offer(struct gram_key_walk *w, const char *s, size_t len)
{
	if (w->prev && gram_key_cmp(s, len, w->prev, w->prev_len) <= 0)
		return;
	if (!w->best || gram_key_cmp(s, len, w->best, w->best_len) < 0) {
		w->best = s;
		w->best_len = len;
	}
}

static bool gram_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Offers the KEY of each "KEY=" word of @fmt outside quotes. */
static void gram_fmt_keys(struct gram_key_walk *w, const char *fmt)
{
	bool quoted = false;
	const char *p, *q;

	for (p = fmt; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		if (quoted || (p != fmt && p[-1] != ' '))
			continue;
		for (q = p; gram_key_char(*q); q++)
			;
		if (q > p && *q == '=')
			gram_key_offer(w, p, q - p);
	}
}

const char *gram_trace_key_next(const char *prev, size_t prev_len, size_t *len)
{
	struct gram_key_walk w = { .prev = prev, .prev_len = prev_len };
	size_t i;

	for (i = 0; i < GRAM_COUNT(gram_trace_fmts); i++)
		gram_fmt_keys(&w, gram_trace_fmts[i]);
	for (i = 0; i < GRAM_COUNT(gram_trace_subject_keys); i++)
		gram_key_offer(&w, gram_trace_subject_keys[i], strlen(gram_trace_subject_keys[i]));
	*len = w.best_len;
	return w.best;
}

/*
 * A message "HEAD (WHAT: a, b, ..., and N more)" in @e: the list is the
 * names of one walk, as many whole ones as leave room for the count.
 */
struct gram_list {
	struct gram_err *e;
	size_t used;
	unsigned int listed, more;
};

#define GRAM_LIST_TAIL	", and 999 more)"

static void gram_list_add(struct gram_list *l, const char *s, size_t len)
{
	size_t room = sizeof(l->e->msg) - l->used;
	size_t sep = l->listed ? 2 : 0;

	if (l->more || l->used + sep + len + sizeof(GRAM_LIST_TAIL) > sizeof(l->e->msg)) {
		l->more++;
		return;
	}
	snprintf(l->e->msg + l->used, room, "%s%.*s", sep ? ", " : "", (int)len, s);
	l->used += sep + len;
	l->listed++;
}

static int gram_list_end(struct gram_list *l)
{
	size_t room = sizeof(l->e->msg) - l->used;

	if (!l->more)
		snprintf(l->e->msg + l->used, room, ")");
	else if (l->listed)
		snprintf(l->e->msg + l->used, room, ", and %u more)", l->more);
	else
		snprintf(l->e->msg + l->used, room, "%u of them)", l->more);
	l->e->err = 0;
	return -EINVAL;
}

/* Starts the message with @fmt's head; false if it leaves no room for a list. */
static bool gram_list_start(struct gram_list *l, struct gram_err *e, const char *fmt,
			    const char *word)
	__attribute__((format(printf, 3, 0)));

static bool gram_list_start(struct gram_list *l, struct gram_err *e, const char *fmt,
			    const char *word)
{
	int n = snprintf(e->msg, sizeof(e->msg), fmt, word);

	l->e = e;
	l->listed = 0;
	l->more = 0;
	l->used = n;
	return n >= 0 && (size_t)n + sizeof(GRAM_LIST_TAIL) <= sizeof(e->msg);
}

static bool gram_trace_event_known(const char *word)
{
	size_t i;

	for (i = 0; i < GRAM_COUNT(gram_trace_names); i++)
		if (!strcmp(gram_trace_names[i], word))
			return true;
	return false;
}

static bool gram_trace_key_known(const char *key, size_t len)
{
	const char *k = NULL;
	size_t klen = 0;

	while ((k = gram_trace_key_next(k, klen, &klen)))
		if (!gram_key_cmp(k, klen, key, len))
			return true;
	return false;
}

static int gram_trace_no_event(const char *word, struct gram_err *e)
{
	const char *name = NULL, *best;
	struct gram_suggest sg;
	struct gram_list l;
	unsigned int total = 0;

	gram_suggest_init(&sg, word);
	while ((name = gram_trace_event_next(name))) {
		gram_suggest_add(&sg, name, strlen(name));
		total++;
	}
	best = gram_suggest_best(&sg);
	if (best)
		return gram_fail(e, 0, "no event '%s'; did you mean '%s'?", word, best);
	if (!gram_list_start(&l, e, "no event '%s' (events: ", word))
		return gram_fail(e, 0, "no event '%s' (events: %u of them)", word, total);
	while ((name = gram_trace_event_next(name)))
		gram_list_add(&l, name, strlen(name));
	return gram_list_end(&l);
}

static int gram_trace_no_key(const char *word, struct gram_err *e)
{
	size_t klen = strcspn(word, "="), len = 0;
	const char *k = NULL, *best;
	struct gram_suggest sg;
	struct gram_list l;
	unsigned int total = 0;
	char key[64];

	if (!klen)
		return gram_fail(e, 0, "no key before '=' in '%s'", word);
	snprintf(key, sizeof(key), "%.*s", (int)klen, word);
	gram_suggest_init(&sg, key);
	while ((k = gram_trace_key_next(k, len, &len))) {
		gram_suggest_add(&sg, k, len);
		total++;
	}
	best = gram_suggest_best(&sg);
	if (best)
		return gram_fail(e, 0, "no key '%s' in any event; did you mean '%s'?", key, best);
	if (!gram_list_start(&l, e, "no key '%s' in any event (keys: ", key))
		return gram_fail(e, 0, "no key '%s' in any event (keys: %u of them)", key, total);
	while ((k = gram_trace_key_next(k, len, &len)))
		gram_list_add(&l, k, len);
	return gram_list_end(&l);
}

int gram_check_trace_words(int argc, char *const *argv, struct gram_err *e)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');

		if (!eq && !gram_trace_event_known(argv[i]))
			return gram_trace_no_event(argv[i], e);
		if (eq && !gram_trace_key_known(argv[i], eq - argv[i]))
			return gram_trace_no_key(argv[i], e);
	}
	return 0;
}

int gram_no_driver(const char *name, const char *best, struct gram_err *e)
{
	if (best)
		return gram_fail(e, 0, "no driver '%s'; did you mean '%s'?", name, best);
	return gram_fail(e, 0, "no driver '%s'", name);
}

void gram_drv_load_init(struct gram_drv_load *r)
{
	memset(r, 0, sizeof(*r));
}

enum gram_drv_load_kind gram_drv_load_kind(const char *before, const char *after)
{
	if (!strcmp(after, "bound") && strcmp(before, "bound"))
		return GRAM_DRV_LOAD_BOUND;
	if (!strcmp(after, "deferred") && strcmp(before, "deferred"))
		return GRAM_DRV_LOAD_DEFERRED;
	return GRAM_DRV_LOAD_UNCHANGED;
}

/* Appends @n bytes of @text to the list of @kind, after a comma if not first. */
static void drv_load_add(struct gram_drv_load *r, enum gram_drv_load_kind kind,
			 const char *text, size_t n)
{
	if (r->len[kind])
		r->names[kind][r->len[kind]++] = ',';
	memcpy(r->names[kind] + r->len[kind], text, n);
	r->len[kind] += n;
}

/* @dev's name, cut to GRAM_DRV_LOAD_NAME_MAX - 1 bytes: its length. */
static size_t drv_load_name_len(const char *dev)
{
	size_t n = strlen(dev);

	return n < GRAM_DRV_LOAD_NAME_MAX ? n : GRAM_DRV_LOAD_NAME_MAX - 1;
}

void gram_drv_load_name(struct gram_drv_load *r, enum gram_drv_load_kind kind,
			const char *dev)
{
	if (kind != GRAM_DRV_LOAD_BOUND && kind != GRAM_DRV_LOAD_DEFERRED)
		return;
	if (r->count[kind]++ < GRAM_DRV_LOAD_NAMED)
		drv_load_add(r, kind, dev, drv_load_name_len(dev));
}

void gram_drv_load_failed(struct gram_drv_load *r, const char *dev, const char *errname)
{
	char text[GRAM_DRV_LOAD_NAME_MAX + GRAM_DRV_LOAD_ERR_MAX];
	size_t n = drv_load_name_len(dev);

	if (r->count[GRAM_DRV_LOAD_FAILED]++ >= GRAM_DRV_LOAD_NAMED)
		return;
	memcpy(text, dev, n);
	n += snprintf(text + n, GRAM_DRV_LOAD_ERR_MAX, "=%s", errname);
	if (n >= sizeof(text))
		n = sizeof(text) - 1;
	drv_load_add(r, GRAM_DRV_LOAD_FAILED, text, n);
}

/* " bound A,B" or " deferred C", with " and N more" past the named ones. */
static void drv_load_names(char *buf, size_t size, size_t *len,
			   const struct gram_drv_load *r, int k, const char *word)
{
	char more[32];

	line_add(buf, size, len, word, strlen(word));
	line_add(buf, size, len, r->names[k], r->len[k]);
	if (r->count[k] > GRAM_DRV_LOAD_NAMED) {
		snprintf(more, sizeof(more), " and %u more",
			 r->count[k] - GRAM_DRV_LOAD_NAMED);
		line_add(buf, size, len, more, strlen(more));
	}
}

size_t gram_drv_load_line(char *buf, size_t size, const char *driver,
			  const struct gram_drv_load *r)
{
	static const char *const words[3] = { " bound ", " deferred ", " failed " };
	static const char none[] = " nothing bound, deferred or failed";
	bool any = false;
	size_t len = 0;
	int k;

	line_add(buf, size, &len, "drv load ", 9);
	line_add(buf, size, &len, driver, strlen(driver));
	line_add(buf, size, &len, ":", 1);
	for (k = 0; k < 3; k++) {
		if (!r->count[k])
			continue;
		if (any)
			line_add(buf, size, &len, ";", 1);
		drv_load_names(buf, size, &len, r, k, words[k]);
		any = true;
	}
	if (!any)
		line_add(buf, size, &len, none, sizeof(none) - 1);
	line_add(buf, size, &len, "\n", 1);
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

void gram_data_line(char *buf, const uint8_t *data, uint64_t len)
{
	size_t used = 0;
	uint64_t i;

	used += snprintf(buf, GRAM_DATA_LINE, " data");
	for (i = 0; i < len && i < GRAM_DMA_SHOWN; i++)
		used += snprintf(buf + used, GRAM_DATA_LINE - used, " %02x", data[i]);
	snprintf(buf + used, GRAM_DATA_LINE - used, "%s\n", len > GRAM_DMA_SHOWN ? " ..." : "");
}
