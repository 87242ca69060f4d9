/*
 * The event trace: recorded events for `trace show` and the tests, and the
 * listeners that see each event as it happens (the TUI, a grader).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sim/sim.h>
#include <sim/trace.h>

/* Hands @ev to every listener, in the order they registered. */
static void trace_notify(struct sim *sim, const struct sim_trace_event *ev)
{
	struct sim_trace_listener *l, *next;

	list_for_each_entry_safe(l, next, &sim->trace.listeners, node)
		l->event(l, sim, ev);
}

void sim_trace_emit(struct sim *sim, const char *event, const char *fmt, ...)
{
	struct sim_trace_event ev;
	va_list ap;
	char *args;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&args, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;

	ev.time = sim->now;
	ev.name = strdup(event);
	ev.args = args;
	if (!ev.name) {
		free(args);
		return;
	}
	trace_notify(sim, &ev);

	if (!sim->trace.enabled)
		goto out_free;
	if (sim->trace.count == sim->trace.cap) {
		size_t cap = sim->trace.cap ? sim->trace.cap * 2 : 256;
		struct sim_trace_event *grown;

		grown = realloc(sim->trace.ev, cap * sizeof(*grown));
		if (!grown)
			goto out_free;
		sim->trace.ev = grown;
		sim->trace.cap = cap;
	}
	sim->trace.ev[sim->trace.count++] = ev;
	return;

out_free:
	free(ev.name);
	free(ev.args);
}

void sim_trace_enable(struct sim *sim, bool on)
{
	sim->trace.enabled = on;
}

bool sim_trace_enabled(const struct sim *sim)
{
	return sim->trace.enabled;
}

size_t sim_trace_count(const struct sim *sim)
{
	return sim->trace.count;
}

const struct sim_trace_event *sim_trace_get(const struct sim *sim, size_t i)
{
	return i < sim->trace.count ? &sim->trace.ev[i] : NULL;
}

void sim_trace_clear(struct sim *sim)
{
	for (size_t i = 0; i < sim->trace.count; i++) {
		free(sim->trace.ev[i].name);
		free(sim->trace.ev[i].args);
	}
	sim->trace.count = 0;
}

void sim_trace_print(FILE *out, const struct sim_trace_event *ev)
{
	fprintf(out, "[%llu.%06llu] %s%s%s\n",
		(unsigned long long)(ev->time / NSEC_PER_SEC),
		(unsigned long long)(ev->time % NSEC_PER_SEC / NSEC_PER_USEC),
		ev->name, ev->args[0] ? " " : "", ev->args);
}

void sim_trace_listener_register(struct sim *sim, struct sim_trace_listener *l)
{
	list_add_tail(&l->node, &sim->trace.listeners);
}

void sim_trace_listener_unregister(struct sim_trace_listener *l)
{
	list_del_init(&l->node);
}

void sim_trace_listeners_move(struct sim *to, struct sim *from)
{
	list_splice_tail_init(&from->trace.listeners, &to->trace.listeners);
}

void sim_trace_replay(struct sim *sim)
{
	for (size_t i = 0; i < sim->trace.count; i++)
		trace_notify(sim, &sim->trace.ev[i]);
}

u64 sim_trace_total(const struct sim *sim)
{
	return sim->trace.total;
}
