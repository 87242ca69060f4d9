/*
 * Random console sessions from a seed.  The grammar is the command table:
 * each row's argument spec says what to write ("<dev> <iova> <len>
 * [port=<n>]"), and each row's completion generator, asked once on every
 * board freshly booted, says which names are real there (devices,
 * drivers, groups, domains, VT-d units, boards, eras, settings).  A new
 * row is covered without touching this file; only a new kind of number
 * needs a line in value_kinds[].  Names a session makes itself (domains,
 * mappings, devices, containers) come back later, boards, eras and boot
 * parameters change between commands, and now and then an argument is a
 * bad one or the count is wrong.
 *
 * Seed S starts on board S mod B and era (S / B) mod E (B boards, E eras),
 * so any B*E consecutive seeds start once on every pair.  The same seed,
 * command table and boards give the same session, byte for byte: nothing
 * depends on the simulator's behaviour, only on what a booted board holds.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/sim.h>

#include <linux/mod_devicetable.h>

#include "cmdtab.h"
#include "console.h"
#include "session.h"

#define GEN_MAX_WORDS		16	/* spec words per row */
#define GEN_MAX_ARGS		24	/* arguments one command gets */

/* splitmix64: a whole session follows from one 64-bit seed. */
struct rng {
	uint64_t state;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t rng_below(struct rng *r, size_t n)
{
	return n ? rng_next(r) % n : 0;
}

/* True with probability @pct percent. */
static bool rng_pct(struct rng *r, unsigned int pct)
{
	return rng_below(r, 100) < pct;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fputs("session-gen: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* A set of strings, in the order they were first added. */
struct strv {
	char **v;
	size_t n, cap;
};

static bool strv_has(const struct strv *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], str))
			return true;
	return false;
}

static void strv_add(struct strv *s, const char *str)
{
	if (strv_has(s, str))
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v) {
			fputs("session-gen: out of memory\n", stderr);
			exit(1);
		}
	}
	s->v[s->n++] = xstrdup(str);
}

static void strv_clear(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

static void strv_release(struct strv *s)
{
	strv_clear(s);
	free(s->v);
	s->v = NULL;
	s->cap = 0;
}

/* Named sets: "dev" (a placeholder), "dev add:larb=" (a row's key). */
struct pool {
	char *key;
	struct strv vals;
};

struct pools {
	struct pool *p;
	size_t n;
};

static struct strv *pools_get(struct pools *ps, const char *key, bool create)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i].key, key))
			return &ps->p[i].vals;
	if (!create)
		return NULL;
	ps->p = realloc(ps->p, (ps->n + 1) * sizeof(*ps->p));
	if (!ps->p) {
		fputs("session-gen: out of memory\n", stderr);
		exit(1);
	}
	ps->p[ps->n] = (struct pool){ .key = xstrdup(key) };
	return &ps->p[ps->n++].vals;
}

static void pools_clear(struct pools *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->p[i].key);
		strv_release(&ps->p[i].vals);
	}
	free(ps->p);
	ps->p = NULL;
	ps->n = 0;
}

/*
 * A row's spec split into words by the grammar's own iterator, as the
 * console counts them: "[iommus=<iommu>:<id>[,<id>...]]" is one word.
 */
struct spec_word {
	char text[128];		/* without the outer [ ] and a trailing "..." */
	bool optional;
	bool repeat;		/* ended with "..." */
};

static int spec_split(const char *spec, struct spec_word *w, int max)
{
	struct gram_spec_word gw;
	const char *p = spec;
	int n = 0;

	while (n < max && (p = gram_spec_next(p, &gw))) {
		size_t len = gw.len < sizeof(w[n].text) ? gw.len : sizeof(w[n].text) - 1;

		memcpy(w[n].text, gw.text, len);
		w[n].text[len] = '\0';
		w[n].optional = gw.optional;
		w[n].repeat = gw.repeat;
		n++;
	}
	return n;
}

/* The literal "key=" a word starts with ("larb=" of "larb=<larb>"), or "". */
static void word_key(const char *text, char *key, size_t size)
{
	size_t len = strcspn(text, "=<[|");

	if (text[len] != '=' || len + 2 > size) {
		key[0] = '\0';
		return;
	}
	memcpy(key, text, len + 1);
	key[len + 1] = '\0';
}

/* The name of a word that is one placeholder ("<dev>", "n"), or "". */
static void word_placeholder(const char *text, char *name, size_t size)
{
	size_t len = strlen(text);

	if (len >= 2 && text[0] == '<' && text[len - 1] == '>' &&
	    !strpbrk(text + 1, "<|")) {
		text++;
		len -= 2;
	} else if (strpbrk(text, "<>[]|=:,")) {
		name[0] = '\0';
		return;
	}
	if (len >= size)
		len = size - 1;
	memcpy(name, text, len);
	name[len] = '\0';
}

/*
 * What a booted board offers: for each row, what its generator completes
 * at each argument ("ROW#ARGI") and after each key ("ROW#larb="), and by
 * placeholder name ("dev", "domain", "group").
 */
struct gen_board {
	char *name;
	struct pools offer;
};

static FILE *devnull;

static void learn_offer(struct con *con, struct gen_board *b, const struct con_cmd *cmd,
			int argi, const char *text, const char *key, const char *name)
{
	struct strv cands = { 0 };
	const char *c;

	for (size_t idx = 0; (c = cmd->gen(con, argi, text, idx)); idx++) {
		size_t len;

		if (c == CON_COMPLETE_FILES)
			break;
		len = strlen(c);
		/* a partial "iommus=iommu:", another key, or not what was typed */
		if (!len || c[len - 1] == '=' ||
		    c[len - 1] == ':' || strncmp(c, text, strlen(text)))
			continue;
		strv_add(&cands, c);
	}
	if (cands.n) {
		char pkey[160];

		snprintf(pkey, sizeof(pkey), "%s#%s", cmd->name, key);
		for (size_t i = 0; i < cands.n; i++) {
			strv_add(pools_get(&b->offer, pkey, true), cands.v[i]);
			if (name[0])
				strv_add(pools_get(&b->offer, name, true), cands.v[i]);
		}
	}
	strv_release(&cands);
}

static int learn_board(struct gen_board *b, const char *name)
{
	const struct con_cmd *cmd;
	struct con con;

	b->name = xstrdup(name);
	if (con_init(&con))
		return -1;
	con.out = con.err = devnull;
	if (con_board_load(&con, name, 0, true)) {
		con_release(&con);
		return -1;
	}
	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		struct spec_word w[GEN_MAX_WORDS];
		int n;

		if (!cmd->gen)
			continue;
		n = spec_split(cmd->args, w, GEN_MAX_WORDS);
		for (int argi = 0; argi < n; argi++) {
			char key[64], ph[64], at[16];

			word_key(w[argi].text, key, sizeof(key));
			word_placeholder(w[argi].text, ph, sizeof(ph));
			snprintf(at, sizeof(at), "%d", argi);
			learn_offer(&con, b, cmd, argi, "", at, ph);
			if (key[0])
				learn_offer(&con, b, cmd, argi, key, key, "");
		}
	}
	con_release(&con);
	return 0;
}

/* Numbers, by the placeholder they stand for. */
static const char *const addrs[] = {
	"0x0", "0x1000", "0x100000", "0x200000", "0x300000", "0x400000",
	"0x40000000", "0x40100000", "0xfee00000", "0xfffff000", "0x100000000",
	"0x1234", "0x10205000", "0x14021f00", "0xfea00000", "0xffffffffffff000",
};
static const char *const sizes[] = {
	"0x1", "0x10", "0x40", "0x100", "0x800", "0x1000", "0x2000", "0x3000",
	"4K", "64K", "1M", "2M", "0x123000", "16M", "0", "4", "8",
};
static const char *const offsets[] = { "0x0", "0x40", "0x800", "0xfff", "0x1" };
static const char *const numbers[] = {
	"0", "1", "2", "3", "4", "7", "8", "15", "24", "32", "40", "64", "0x11",
	"0xff", "0x40", "0xffffffff", "65536",
};
static const char *const durations[] = { "1ms", "10ms", "100ms", "1s", "11s", "50us", "5", "0" };

static const struct {
	const char *name;
	const char *const *vals;
	size_t n;
} value_kinds[] = {
#define KIND(name, v) { name, v, ARRAY_SIZE(v) }
	KIND("iova", addrs), KIND("pa", addrs), KIND("addr", addrs),
	KIND("size", sizes), KIND("len", sizes), KIND("offset", offsets),
	KIND("n", numbers), KIND("id", numbers), KIND("value", numbers),
	KIND("v", numbers), KIND("group", numbers), KIND("duration", durations),
#undef KIND
};

/* Names a session makes, and the bad words a user types by mistake. */
static const char *const fresh_names[] = {
	"d1", "d2", "d3", "buf", "fb", "sg", "cam1", "x", "edu2", "dom9",
};
static const char *const bad_words[] = {
	"", "-1", "0x", "group:9x", "0xffffffffffffffff", "18446744073709551616",
	"%d%s", "a b", "name;x", "\"q\"", "\xff\xfe", "0x1000@", "@", "=",
	"group:", "group:-1", "1e3", "99999999999999999999999",
	"a_very_long_name_that_goes_on_and_on_and_on_well_past_what_anyone_types_in_a_lab",
};
static const char *const files[] = { "s.dot", "s.svg", "no-such.cmds", "s.png", "sub/s.dot" };

/* The state a session is in: its board and the names it made. */
struct session {
	struct rng rng;
	struct gen_board *boards;
	size_t nboards;
	struct gen_board *board;	/* the one loaded */
	struct pools made;		/* "domain": names made by "domain ..." rows */
	const struct con_cmd *cmd;	/* the row being written */
	char setting[64];		/* the <setting> just written */
	FILE *out;
};

static const char *pick(struct rng *r, const struct strv *s)
{
	return s && s->n ? s->v[rng_below(r, s->n)] : NULL;
}

/* The family of names a row works on: its first word ("domain"). */
static void cmd_family(const struct con_cmd *cmd, char *buf, size_t size)
{
	size_t len = con_cmd_word0_len(cmd);

	snprintf(buf, size, "%.*s", (int)len, cmd->name);
}

/* Appends to a word being built. */
struct wbuf {
	char s[512];
	size_t len;
};

static void wb_add(struct wbuf *wb, const char *s)
{
	size_t n = strlen(s);

	if (wb->len + n >= sizeof(wb->s))
		n = sizeof(wb->s) - 1 - wb->len;
	memcpy(wb->s + wb->len, s, n);
	wb->len += n;
	wb->s[wb->len] = '\0';
}

/*
 * A value for placeholder @name: what the board offers under that name
 * (and names the session made in that family), a number of its kind, a
 * made-up name, or the word itself when it is a literal ("nosync").
 */
static void placeholder_value(struct session *ss, const char *name, bool bracketed,
			      struct wbuf *wb)
{
	struct strv *offer = pools_get(&ss->board->offer, name, false);
	struct strv *made = pools_get(&ss->made, name, false);
	const char *v = NULL;
	char family[32];

	cmd_family(ss->cmd, family, sizeof(family));
	if (!strcmp(name, "value") && ss->setting[0] && rng_pct(&ss->rng, 85)) {
		size_t n = 0;

		while (con_setting_value(ss->setting, n))
			n++;
		if (n)
			v = con_setting_value(ss->setting, rng_below(&ss->rng, n));
	}
	if (!v && !strcmp(name, "name")) {
		made = pools_get(&ss->made, family, false);
		if (made && made->n && rng_pct(&ss->rng, 60)) {
			v = pick(&ss->rng, made);
		} else {
			v = fresh_names[rng_below(&ss->rng, ARRAY_SIZE(fresh_names))];
			strv_add(pools_get(&ss->made, family, true), v);
		}
	}
	if (!v && !strcmp(name, "str")) {
		/* a compatible string: one a built-in driver matches */
		const char *c[64];
		size_t n = 0;

		for (size_t d = 0; d < sim_builtin_driver_count; d++)
			for (const struct of_device_id *m =
				     sim_builtin_drivers[d]->driver->of_match_table;
			     m && m->compatible[0] && n < ARRAY_SIZE(c); m++)
				c[n++] = m->compatible;
		v = n ? c[rng_below(&ss->rng, n)] : "iommu-lab,dma-master";
	}
	if (!v && !strcmp(name, "file"))
		v = files[rng_below(&ss->rng, ARRAY_SIZE(files))];
	if (!v && !strcmp(name, "line")) {
		const struct con_cmd *c = con_cmd_get(rng_below(&ss->rng, con_cmd_count()));
		char line[160];

		snprintf(line, sizeof(line), "%s %s", c->name,
			 rng_pct(&ss->rng, 50) ? "" : "d");
		wb_add(wb, line);
		return;
	}
	if (!v && ((offer && offer->n) || (made && made->n))) {
		size_t no = offer ? offer->n : 0, nm = made ? made->n : 0;
		size_t i = rng_below(&ss->rng, no + nm);

		v = i < no ? offer->v[i] : made->v[i - no];
	}
	for (size_t k = 0; !v && k < ARRAY_SIZE(value_kinds); k++)
		if (!strcmp(name, value_kinds[k].name))
			v = value_kinds[k].vals[rng_below(&ss->rng, value_kinds[k].n)];
	if (!v) {
		/* an object by a name the board does not offer: try a device's */
		struct strv *devs = pools_get(&ss->board->offer, "dev", false);

		if (!bracketed)
			v = name;
		else
			v = devs && rng_pct(&ss->rng, 50) ? pick(&ss->rng, devs) : name;
	}
	wb_add(wb, v);
	if (!strcmp(name, "setting"))
		snprintf(ss->setting, sizeof(ss->setting), "%s", v);
}

static void expand(struct session *ss, const char *t, size_t len, struct wbuf *wb);

/* Index of the bracket closing the one at @t[0], or @len if unbalanced. */
static size_t closing(const char *t, size_t len)
{
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		if (t[i] == '[' || t[i] == '<')
			depth++;
		else if (t[i] == ']' || t[i] == '>')
			if (--depth == 0)
				return i;
	}
	return len;
}

/*
 * Expands a template: one of its '|' alternatives (at the top level),
 * "<name>" placeholders ("<size[@offset]>" is a size with an optional
 * "@offset"), "[...]" optional parts and "..." repeats of the part before.
 */
static void expand(struct session *ss, const char *t, size_t len, struct wbuf *wb)
{
	size_t alts[16], nalt = 0, start = 0, a;
	int depth = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && (t[i] == '[' || t[i] == '<'))
			depth++;
		else if (i < len && (t[i] == ']' || t[i] == '>'))
			depth--;
		else if ((i == len || (t[i] == '|' && depth == 0)) && nalt < ARRAY_SIZE(alts)) {
			alts[nalt++] = start;
			start = i + 1;
		}
	}
	a = rng_below(&ss->rng, nalt);
	t += alts[a];
	len = (a + 1 < nalt ? alts[a + 1] - 1 : len) - alts[a];

	if (!memchr(t, '<', len) && !memchr(t, '[', len)) {
		char name[128];

		snprintf(name, sizeof(name), "%.*s", (int)len, t);
		placeholder_value(ss, name, false, wb);
		return;
	}
	for (size_t i = 0; i < len;) {
		if (t[i] == '<' || t[i] == '[') {
			size_t end = i + closing(t + i, len - i);
			const char *in = t + i + 1;
			size_t inlen = end > i ? end - i - 1 : 0;
			bool repeat = inlen >= 3 && !strncmp(in + inlen - 3, "...", 3);

			if (repeat)
				inlen -= 3;
			if (t[i] == '<') {
				size_t nlen = strcspn(in, "[>");
				char name[64];

				snprintf(name, sizeof(name), "%.*s",
					 (int)(nlen < inlen ? nlen : inlen), in);
				placeholder_value(ss, name, true, wb);
				if (nlen < inlen && rng_pct(&ss->rng, 50)) {
					/* "[@offset]": a literal '@', then the bare word */
					const char *opt = in + nlen + 1;
					size_t olen = inlen - nlen - 2;

					if (olen && opt[0] == '@') {
						wb_add(wb, "@");
						snprintf(name, sizeof(name), "%.*s",
							 (int)(olen - 1), opt + 1);
						placeholder_value(ss, name, true, wb);
					}
				}
			} else if (rng_pct(&ss->rng, 50)) {
				int times = repeat ? 1 + rng_below(&ss->rng, 3) : 1;

				while (times--)
					expand(ss, in, inlen, wb);
			}
			i = end + 1;
		} else {
			char lit[2] = { t[i], '\0' };

			wb_add(wb, lit);
			i++;
		}
	}
}

/* Writes @word, quoted if the console would otherwise split or strip it. */
static void put_word(FILE *f, const char *word)
{
	if (*word && !strpbrk(word, " \t;#'\"\\")) {
		fputs(word, f);
	} else if (!strchr(word, '\'')) {
		fprintf(f, "'%s'", word);
	} else {
		fputc('"', f);
		for (const char *p = word; *p; p++) {
			if (*p == '"' || *p == '\\')
				fputc('\\', f);
			fputc(*p, f);
		}
		fputc('"', f);
	}
}

/*
 * How often a row comes up, against 10 for any other: the ones that end a
 * session never do, the slow or terminal ones seldom, the ones that tear
 * objects down or change the machine's rules more often.
 */
static const struct {
	const char *name;
	unsigned int weight;
} row_weights[] = {
	{ "quit", 0 }, { "exit", 0 }, { "tui", 1 }, { "source", 1 },
	{ "help", 2 }, { "complete", 3 }, { "graph", 3 }, { "graph live", 1 }, { "graph serve", 1 },
	{ "board list", 2 }, { "era list", 2 },
	{ "dev del", 25 }, { "drv unload", 20 }, { "drv load", 15 },
	{ "dev unbind", 15 }, { "dev bind", 15 },
	{ "board load", 8 }, { "reset", 8 }, { "era", 8 }, { "set", 12 },
	{ "vfio attach", 20 }, { "vfio detach", 15 }, { "vfio map", 12 },
	{ "domain alloc", 15 }, { "domain free", 15 }, { "attach", 15 },
	{ "detach", 12 }, { "dma map", 15 }, { "dma unmap", 12 },
	{ "dma alloc", 12 }, { "dma free", 10 }, { "dma read", 12 },
	{ "dma write", 12 },
};

static unsigned int row_weight(const struct con_cmd *cmd)
{
	for (size_t i = 0; i < ARRAY_SIZE(row_weights); i++)
		if (!strcmp(row_weights[i].name, cmd->name))
			return row_weights[i].weight;
	return 10;
}

static const struct con_cmd *pick_row(struct session *ss)
{
	const struct con_cmd *cmd;
	size_t total = 0, r;

	for (size_t i = 0; (cmd = con_cmd_get(i)); i++)
		total += row_weight(cmd);
	r = rng_below(&ss->rng, total);
	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		if (r < row_weight(cmd))
			return cmd;
		r -= row_weight(cmd);
	}
	return con_cmd_get(0);
}

/* One argument for spec word @w at position @argi. */
static void write_arg(struct session *ss, const struct spec_word *w, int argi,
		      struct wbuf *wb)
{
	char key[64], pkey[160];
	const struct strv *offer;

	if (rng_pct(&ss->rng, 3)) {
		wb_add(wb, bad_words[rng_below(&ss->rng, ARRAY_SIZE(bad_words))]);
		return;
	}
	/* what the row's own completion offers there, if anything */
	word_key(w->text, key, sizeof(key));
	if (key[0])
		snprintf(pkey, sizeof(pkey), "%s#%s", ss->cmd->name, key);
	else
		snprintf(pkey, sizeof(pkey), "%s#%d", ss->cmd->name, argi);
	offer = pools_get(&ss->board->offer, pkey, false);
	if (offer && offer->n && rng_pct(&ss->rng, 80)) {
		wb_add(wb, pick(&ss->rng, offer));
		return;
	}
	expand(ss, w->text, strlen(w->text), wb);
}

/* Follows what a row does to the names that exist. */
static void session_track(struct session *ss, char **argv, int argc)
{
	const char *name = ss->cmd->name;

	if (!strcmp(name, "board load") && argc >= 1) {
		for (size_t i = 0; i < ss->nboards; i++)
			if (!strcmp(ss->boards[i].name, argv[0]))
				ss->board = &ss->boards[i];
		pools_clear(&ss->made);
	} else if (!strcmp(name, "reset")) {
		pools_clear(&ss->made);
	}
}

static void write_command(struct session *ss)
{
	struct spec_word w[GEN_MAX_WORDS];
	char *argv[GEN_MAX_ARGS];
	int n, argc = 0;

	ss->cmd = pick_row(ss);
	ss->setting[0] = '\0';
	n = spec_split(ss->cmd->args, w, GEN_MAX_WORDS);
	for (int i = 0; i < n && argc < GEN_MAX_ARGS - 1; i++) {
		int times = 1;

		if (w[i].optional && !rng_pct(&ss->rng, 50))
			continue;
		if (w[i].repeat)
			times += rng_below(&ss->rng, 3);
		while (times-- && argc < GEN_MAX_ARGS - 1) {
			struct wbuf wb = { .len = 0 };

			write_arg(ss, &w[i], argc, &wb);
			argv[argc++] = xstrdup(wb.s);
		}
	}
	/* a word too many or too few */
	if (rng_pct(&ss->rng, 2))
		argv[argc++] = xstrdup("extra");
	else if (argc && rng_pct(&ss->rng, 2))
		free(argv[--argc]);

	fputs(ss->cmd->name, ss->out);
	for (int i = 0; i < argc; i++) {
		fputc(' ', ss->out);
		put_word(ss->out, argv[i]);
	}
	fputc('\n', ss->out);
	session_track(ss, argv, argc);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
}

struct session_gen {
	struct gen_board *boards;
	size_t nboards;
};

void session_gen_write(struct session_gen *g, uint64_t seed, unsigned int ncmds, FILE *out)
{
	struct gen_board *boards = g->boards;
	size_t nboards = g->nboards;
	struct session ss = {
		.rng = { seed },
		.boards = boards,
		.nboards = nboards,
		.out = out,
	};
	const char *era = sim_era_name((seed / nboards) % ERA_COUNT);

	ss.board = &boards[seed % nboards];
	fprintf(out, "# session-gen seed %llu: %u commands on %s, era %s\n",
		(unsigned long long)seed, ncmds, ss.board->name, era);
	fprintf(out, "era %s\nboard load %s\n", era, ss.board->name);
	for (unsigned int i = 0; i < ncmds; i++)
		write_command(&ss);
	pools_clear(&ss.made);
}

/* Writes @word as a libFuzzer dictionary entry. */
static void dict_entry(FILE *f, const char *word)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)word; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputs("\"\n", f);
}

/* Adds the literal pieces of a spec ("compatible=", "to", "--no-drivers"). */
static void dict_spec(struct strv *d, const char *spec)
{
	char buf[256];
	char *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	for (tok = strtok_r(buf, " []|,.", &save); tok; tok = strtok_r(NULL, " []|,.", &save)) {
		char *lt = strchr(tok, '<');

		if (lt)
			*lt = '\0';
		if (*tok && !strchr(tok, '>'))
			strv_add(d, tok);
	}
}

/*
 * The words a console script is made of: the rows' names and each of
 * their words, the literal words of their specs, the names each board
 * offers, the settings' values, and the numbers and names sessions use.
 */
void session_gen_dict(struct session_gen *g, FILE *f)
{
	struct gen_board *boards = g->boards;
	size_t nboards = g->nboards;
	const struct con_cmd *cmd;
	struct strv d = { 0 }, *settings;
	const char *v;

	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		char w0[32];

		cmd_family(cmd, w0, sizeof(w0));
		strv_add(&d, cmd->name);
		strv_add(&d, w0);
		if (con_cmd_words(cmd) == 2)
			strv_add(&d, cmd->name + strlen(w0) + 1);
		dict_spec(&d, cmd->args);
	}
	for (size_t b = 0; b < nboards; b++)
		for (size_t p = 0; p < boards[b].offer.n; p++)
			for (size_t i = 0; i < boards[b].offer.p[p].vals.n; i++)
				strv_add(&d, boards[b].offer.p[p].vals.v[i]);
	settings = pools_get(&boards[0].offer, "setting", false);
	for (size_t i = 0; settings && i < settings->n; i++)
		for (size_t k = 0; (v = con_setting_value(settings->v[i], k)); k++)
			strv_add(&d, v);
	for (size_t k = 0; k < ARRAY_SIZE(value_kinds); k++)
		for (size_t i = 0; i < value_kinds[k].n; i++)
			strv_add(&d, value_kinds[k].vals[i]);
	for (size_t i = 0; i < ARRAY_SIZE(fresh_names); i++)
		strv_add(&d, fresh_names[i]);
	strv_add(&d, ";");
	strv_add(&d, "#");
	strv_add(&d, "group:");
	for (size_t i = 0; i < d.n; i++)
		dict_entry(f, d.v[i]);
	strv_release(&d);
}

struct session_gen *session_gen_new(void)
{
	struct session_gen *g;
	char **names;

	devnull = fopen("/dev/null", "w");
	names = con_board_names();
	if (!devnull || !names || !names[0]) {
		fputs("session-gen: no boards found (set IOMMU_LAB_BOARDS)\n", stderr);
		con_strv_free(names);
		if (devnull)
			fclose(devnull);
		return NULL;
	}
	g = xmalloc(sizeof(*g));
	g->nboards = 0;
	while (names[g->nboards])
		g->nboards++;
	g->boards = calloc(g->nboards, sizeof(*g->boards));
	if (!g->boards) {
		fputs("session-gen: out of memory\n", stderr);
		exit(1);
	}
	for (size_t i = 0; i < g->nboards; i++) {
		if (learn_board(&g->boards[i], names[i])) {
			fprintf(stderr, "session-gen: board '%s' does not boot\n", names[i]);
			g->nboards = i + 1;
			session_gen_free(g);
			con_strv_free(names);
			return NULL;
		}
	}
	con_strv_free(names);
	return g;
}

void session_gen_free(struct session_gen *g)
{
	for (size_t i = 0; i < g->nboards; i++) {
		free(g->boards[i].name);
		pools_clear(&g->boards[i].offer);
	}
	free(g->boards);
	free(g);
	fclose(devnull);
	devnull = NULL;
}
