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
	for (int i = 0; i < argc; i++)
		if (!strchr(argv[i], '=') && !event_known(argv[i]))
			return unknown_event(con, argv[i]);
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

/* Completion: event names for the words of trace show. */
static const char *gen_trace_show(struct con *con, int argi, const char *text, size_t idx)
{
	return event_name(idx);
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
