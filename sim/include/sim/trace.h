/*
 * The event trace: the contract between the simulator and whatever watches
 * it.  Each event is "[T] EVENT key=value ..." where T is the virtual time
 * in seconds with microseconds.  Listeners see every event as it happens,
 * recorded or not.
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stdio.h>
#include <sim/types.h>

struct sim;

struct sim_trace_event {
	u64 time;			/* virtual ns */
	char *name;			/* "bind", "probe_defer", ... */
	char *args;			/* "dev=ovl0 drv=mediatek-disp-ovl" */
};

typedef void (*sim_trace_listener)(struct sim *sim,
				   const struct sim_trace_event *ev, void *ctx);

/* Emits one event; @fmt formats its key=value list. */
void sim_trace(struct sim *sim, const char *event, const char *fmt, ...) __printf(3, 4);

void sim_trace_enable(struct sim *sim, bool on);
bool sim_trace_enabled(const struct sim *sim);
size_t sim_trace_count(const struct sim *sim);
const struct sim_trace_event *sim_trace_get(const struct sim *sim, size_t i);
void sim_trace_clear(struct sim *sim);
/* Writes event @ev in the trace format, with its newline. */
void sim_trace_print(FILE *out, const struct sim_trace_event *ev);
/* One listener at a time; NULL removes it. */
void sim_trace_set_listener(struct sim *sim, sim_trace_listener fn, void *ctx);

/* Counts every event emitted since the sim was made, recorded or not. */
u64 sim_trace_total(const struct sim *sim);

#endif
