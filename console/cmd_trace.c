/*
 * Trace commands: recording the simulator's events and printing them in
 * the "[T] EVENT key=value ..." format, oldest first.
 */
#include <stdint.h>
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

/* trace show [N] [EVENT|KEY=VALUE...]: the last N events that match. */
static int cmd_trace_show(struct con *con, int argc, char **argv)
{
	size_t count = sim_trace_count(con->sim), first = 0, shown = 0;
	struct gram_err e;
	u64 n;

	if (gram_parse_trace_count(&argc, &argv, &n, &e))
		return con_gram_err(con, &e);
	/* kernel-lab's module checks the words with the same grammar */
	if (gram_check_trace_words(argc, argv, &e))
		return con_gram_err(con, &e);
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
	const char *name = NULL, *k = NULL;
	size_t len = 0;

	if (idx == 0) {
		con_scratch_reset(con);
		while ((name = gram_trace_event_next(name)))
			con_scratch_add(con, "%s", name);
		while ((k = gram_trace_key_next(k, len, &len)))
			con_scratch_add(con, "%.*s=", (int)len, k);
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
