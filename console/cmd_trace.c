/*
 * Trace commands: recording the simulator's events and printing them in
 * the "[T] EVENT key=value ..." format, oldest first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sim/sim.h>
#include <sim/trace.h>

#include "cmdtab.h"
#include "console.h"

static int cmd_trace_on(struct con *con, int argc, char **argv)
{
	sim_trace_enable(con->sim, true);
	return 0;
}

static int cmd_trace_off(struct con *con, int argc, char **argv)
{
	sim_trace_enable(con->sim, false);
	return 0;
}

/* Whether the event's key=value list holds @kv as a whole word. */
static bool has_key(const struct sim_trace_event *ev, const char *kv)
{
	size_t len = strlen(kv);

	for (const char *p = ev->args; (p = strstr(p, kv)); p++)
		if ((p == ev->args || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
			return true;
	return false;
}

/*
 * EVENT words select events by name (any of them), KEY=VALUE words by
 * their arguments (all of them).
 */
static bool event_wanted(const struct sim_trace_event *ev, int argc, char **argv)
{
	bool named = false, name_ok = false;

	for (int i = 0; i < argc; i++) {
		if (strchr(argv[i], '=')) {
			if (!has_key(ev, argv[i]))
				return false;
			continue;
		}
		named = true;
		if (!strcmp(ev->name, argv[i]))
			name_ok = true;
	}
	return !named || name_ok;
}

/* Every event's name, as the table gives them (some names repeat). */
#define EVENT_NAME_SIM(name, event, args, fmt, ...) event,
#define EVENT_NAME_DEV(name, event, args, dev, fmt, ...) event,
static const char *const trace_event_names[] = {
	IOMMU_LAB_TRACE_EVENTS(EVENT_NAME_DEV, EVENT_NAME_SIM)
};

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The @idx'th distinct event name in alphabetical order, or NULL past the last. */
static const char *event_name(size_t idx)
{
	static const char *sorted[ARRAY_SIZE(trace_event_names)];
	static size_t nsorted;

	if (!nsorted) {
		memcpy(sorted, trace_event_names, sizeof(sorted));
		qsort(sorted, ARRAY_SIZE(sorted), sizeof(sorted[0]), name_cmp);
		for (size_t i = 0; i < ARRAY_SIZE(sorted); i++)
			if (!nsorted || strcmp(sorted[nsorted - 1], sorted[i]))
				sorted[nsorted++] = sorted[i];
	}
	return idx < nsorted ? sorted[idx] : NULL;
}

static bool event_known(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(trace_event_names); i++)
		if (!strcmp(trace_event_names[i], name))
			return true;
	return false;
}

/* Every event's format, as the table gives them. */
#define EVENT_FORMAT_SIM(name, event, args, fmt, ...) fmt,
#define EVENT_FORMAT_DEV(name, event, args, dev, fmt, ...) fmt,
static const char *const trace_event_formats[] = {
	IOMMU_LAB_TRACE_EVENTS(EVENT_FORMAT_DEV, EVENT_FORMAT_SIM)
};
static const char *const trace_warn_subject_keys[] = { IOMMU_LAB_TRACE_WARN_SUBJECT_KEYS };

/* A key: @len bytes at @s, inside a format or a subject key's string. */
struct trace_key {
	const char *s;
	size_t len;
};

/* Room for the distinct keys, about 80 now; one past it is left out. */
#define TRACE_KEYS_MAX	256

static int key_cmp(const void *a, const void *b)
{
	const struct trace_key *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Adds @key to the @n @keys unless they hold it already. */
static void key_add(struct trace_key key, struct trace_key *keys, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		if (!key_cmp(&keys[i], &key))
			return;
	if (*n < TRACE_KEYS_MAX)
		keys[(*n)++] = key;
}

/* Adds the KEY of each "KEY=" word of @fmt outside quotes to @keys. */
static void format_keys(const char *fmt, struct trace_key *keys, size_t *n)
{
	bool quoted = false;

	for (const char *p = fmt; *p; p++) {
		const char *q = p;

		if (*p == '"')
			quoted = !quoted;
		if (quoted || (p != fmt && p[-1] != ' '))
			continue;
		while (key_char(*q))
			q++;
		if (q > p && *q == '=')
			key_add((struct trace_key){ p, q - p }, keys, n);
	}
}

/* The @idx'th distinct key events have, in byte order, or NULL past the last. */
static const struct trace_key *event_key(size_t idx)
{
	static struct trace_key keys[TRACE_KEYS_MAX];
	static size_t nkeys;

	if (!nkeys) {
		size_t n = 0;

		for (size_t i = 0; i < ARRAY_SIZE(trace_event_formats); i++)
			format_keys(trace_event_formats[i], keys, &n);
		for (size_t i = 0; i < ARRAY_SIZE(trace_warn_subject_keys); i++)
			key_add((struct trace_key){ trace_warn_subject_keys[i],
						    strlen(trace_warn_subject_keys[i]) }, keys, &n);
		qsort(keys, n, sizeof(keys[0]), key_cmp);
		nkeys = n;
	}
	return idx < nkeys ? &keys[idx] : NULL;
}

/* Whether some event has the key before @kv's '='. */
static bool key_known(const char *kv)
{
	struct trace_key want = { kv, strcspn(kv, "=") };
	const struct trace_key *k;

	for (size_t i = 0; (k = event_key(i)); i++)
		if (!key_cmp(k, &want))
			return true;
	return false;
}

/* One error line for a KEY=VALUE word whose key no event has: the nearest, or them all. */
static int unknown_key(struct con *con, const char *word)
{
	char list[2048] = "";
	size_t klen = strcspn(word, "="), used = 0;
	const struct trace_key *k;
	struct gram_suggest sg;
	const char *best;
	char key[64];

	if (!klen)
		return con_err(con, 0, "no key before '=' in '%s'", word);
	snprintf(key, sizeof(key), "%.*s", (int)klen, word);
	gram_suggest_init(&sg, key);
	for (size_t i = 0; (k = event_key(i)); i++) {
		int n = snprintf(list + used, sizeof(list) - used, "%s%.*s", i ? ", " : "",
				 (int)k->len, k->s);

		gram_suggest_add(&sg, k->s, k->len);
		if (n > 0 && (size_t)n < sizeof(list) - used)
			used += n;
	}
	best = gram_suggest_best(&sg);
	if (best)
		return con_err(con, 0, "no key '%s' in any event; did you mean '%s'?", key, best);
	return con_err(con, 0, "no key '%s' in any event (keys: %s)", key, list);
}

/* One error line for an EVENT word no event has: the nearest, or them all. */
static int unknown_event(struct con *con, const char *word)
{
	char list[2048] = "";
	struct gram_suggest sg;
	const char *name, *best;
	size_t used = 0;

	gram_suggest_init(&sg, word);
	for (size_t i = 0; (name = event_name(i)); i++) {
		int n = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", name);

		gram_suggest_add(&sg, name, strlen(name));
		if (n > 0 && (size_t)n < sizeof(list) - used)
			used += n;
	}
	best = gram_suggest_best(&sg);
	if (best)
		return con_err(con, 0, "no event '%s'; did you mean '%s'?", word, best);
	return con_err(con, 0, "no event '%s' (events: %s)", word, list);
}

/* trace show [N] [EVENT|KEY=VALUE...]: the last N events that match. */
static int cmd_trace_show(struct con *con, int argc, char **argv)
{
	size_t count = sim_trace_count(con->sim), first = 0, shown = 0;
	struct gram_err e;
	u64 n;

	if (gram_parse_trace_count(&argc, &argv, &n, &e))
		return con_gram_err(con, &e);
	for (int i = 0; i < argc; i++) {
		if (!strchr(argv[i], '=') && !event_known(argv[i]))
			return unknown_event(con, argv[i]);
		if (strchr(argv[i], '=') && !key_known(argv[i]))
			return unknown_key(con, argv[i]);
	}
	/* Walk back to the Nth matching event, then print forwards. */
	for (first = count; first > 0 && shown < n; first--)
		if (event_wanted(sim_trace_get(con->sim, first - 1), argc, argv))
			shown++;
	for (size_t i = first; i < count; i++) {
		const struct sim_trace_event *ev = sim_trace_get(con->sim, i);

		if (event_wanted(ev, argc, argv))
			sim_trace_print(con->out, ev);
	}
	return 0;
}

/* Completion: event names, then "KEY=" for each key, for the words of trace show. */
static const char *gen_trace_show(struct con *con, int argi, const char *text, size_t idx)
{
	const struct trace_key *k;
	const char *name;

	if (idx == 0) {
		con_scratch_reset(con);
		for (size_t i = 0; (name = event_name(i)); i++)
			con_scratch_add(con, "%s", name);
		for (size_t i = 0; (k = event_key(i)); i++)
			con_scratch_add(con, "%.*s=", (int)k->len, k->s);
	}
	return con_scratch_get(con, idx);
}

static int cmd_trace_clear(struct con *con, int argc, char **argv)
{
	sim_trace_clear(con->sim);
	return 0;
}

const struct con_cmd con_trace_cmds[] = {
	{ "trace on", "", cmd_trace_on, "record the simulator's events", NULL },
	{ "trace off", "", cmd_trace_off, "stop recording events", NULL },
	{ "trace show", GRAM_SPEC_TRACE_SHOW, cmd_trace_show,
	  "print the last N recorded events, or those named and with those keys, oldest first",
	  gen_trace_show },
	{ "trace clear", "", cmd_trace_clear, "forget the recorded events", NULL },
	{ .name = NULL }
};
