/*
 * The event trace: the contract between the simulator and whatever watches
 * it.  Each event is "[T] EVENT key=value ..." where T is the virtual time
 * in seconds with microseconds.  The events themselves are declared in
 * <trace/events/iommu_lab.h>; this is the recording, the listeners that
 * see every event as it happens, recorded or not, and the macros that
 * define the declared helpers.
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stdio.h>
#include <sim/list.h>
#include <sim/types.h>
#include <trace/events/iommu_lab.h>

struct sim;

struct sim_trace_event {
	u64 time;			/* virtual ns */
	char *name;			/* "bind", "probe_defer", ... */
	char *args;			/* "dev=ovl0 drv=mediatek-disp-ovl" */
};

/*
 * One watcher of the trace, embedded in the watcher's own state (found
 * again with container_of()), as a notifier_block is.  @event is called
 * for every event, in the order the events happen; listeners are called
 * in the order they were registered.
 */
struct sim_trace_listener {
	void (*event)(struct sim_trace_listener *l, struct sim *sim,
		      const struct sim_trace_event *ev);
	struct list_head node;
};

/*
 * Emits one event that sim_trace_count_event() (sim/sim.h) counted and
 * wants; @fmt formats its key=value list.  Only the helpers of
 * <trace/events/iommu_lab.h> call it (TRACE_DEFINE_*_EVENT below).
 */
void sim_trace_emit(struct sim *sim, const char *event, const char *fmt, ...) __printf(3, 4);

void sim_trace_enable(struct sim *sim, bool on);
bool sim_trace_enabled(const struct sim *sim);
size_t sim_trace_count(const struct sim *sim);
const struct sim_trace_event *sim_trace_get(const struct sim *sim, size_t i);
void sim_trace_clear(struct sim *sim);
/* Writes event @ev in the trace format, with its newline. */
void sim_trace_print(FILE *out, const struct sim_trace_event *ev);

/*
 * Adds @l after the listeners there are; it stays the caller's, and
 * sim_free() lets it go.  A listener may unregister itself from its own
 * @event, not another one.
 */
void sim_trace_listener_register(struct sim *sim, struct sim_trace_listener *l);
void sim_trace_listener_unregister(struct sim_trace_listener *l);
/* Moves every listener of @from to @to, after those @to has. */
void sim_trace_listeners_move(struct sim *to, struct sim *from);
/* Hands every recorded event, oldest first, to the listeners again. */
void sim_trace_replay(struct sim *sim);

/* Counts every event emitted since the sim was made, recorded or not. */
u64 sim_trace_total(const struct sim *sim);

/*
 * The definitions of the helpers <trace/events/iommu_lab.h> declares,
 * expanded from its table by sim/base/trace-events.c (SIM_EVENT) and
 * sim/core/trace-events.c (DEV_EVENT, which knows struct device).
 * sim_trace_emit() is __printf, so each definition is where the compiler
 * checks an entry's format against its values (-Wformat, an error here).
 * They count every event and format it only for the trace or a listener
 * (sim_trace_count_event(), which needs <sim/sim.h> where they expand).
 */
#define TRACE_ERRNAME(err) sim_errname(err)

#define TRACE_DEFINE_SIM_EVENT(name, event, args, fmt, ...)			\
void trace_##name(struct sim *sim, __TRACE_ARGS args)				\
{										\
	if (sim_trace_count_event(sim))						\
		sim_trace_emit(sim, event, fmt, ##__VA_ARGS__);			\
}
#define TRACE_DEFINE_DEV_EVENT(name, event, args, dev, fmt, ...)		\
void trace_##name args								\
{										\
	if (sim_trace_count_event((dev)->sim))					\
		sim_trace_emit((dev)->sim, event, fmt, ##__VA_ARGS__);		\
}
/*
 * The same, static inline, for a file defining TRACE_DEV_EVENTS_INLINE
 * (<trace/events/iommu_lab.h>): the event is counted where it happens and
 * the call to format it is made only when something wants it.
 */
#define TRACE_DEFINE_DEV_EVENT_INLINE(name, event, args, dev, fmt, ...)	\
static inline __attribute__((unused))						\
TRACE_DEFINE_DEV_EVENT(name, event, args, dev, fmt, ##__VA_ARGS__)
/* What the other kind of entry expands to in each of those files */
#define TRACE_SKIP_SIM_EVENT(name, event, args, fmt, ...)
#define TRACE_SKIP_DEV_EVENT(name, event, args, dev, fmt, ...)

#endif
