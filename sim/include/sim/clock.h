/*
 * The virtual clock and its event queue.  Nothing in the simulator reads a
 * wall clock: timers, work items, timeouts and DMA completion are events
 * that run when the virtual time reaches them, in (time, arming order).
 */
#ifndef SIM_CLOCK_H
#define SIM_CLOCK_H

#include <sim/list.h>
#include <sim/types.h>

struct sim;

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

typedef void (*sim_timer_fn)(struct sim *sim, void *data);

/*
 * A one-shot timer.  A work item is a timer armed with no delay: like
 * queue_work(), arming one that is already pending changes nothing.
 */
struct sim_timer {
	struct list_head node;		/* in the sim's queue while pending */
	u64 expires;			/* virtual time, ns */
	u64 seq;			/* arming order, breaks ties */
	sim_timer_fn fn;
	void *data;
	const char *name;
	bool pending;
};

void sim_timer_init(struct sim_timer *t, const char *name,
		    sim_timer_fn fn, void *data);
/* Arms @t to run @delay_ns from now; returns false if it was pending. */
bool sim_timer_queue(struct sim *sim, struct sim_timer *t, u64 delay_ns);
/* Re-arms @t to run @delay_ns from now, pending or not (mod_delayed_work). */
void sim_timer_mod(struct sim *sim, struct sim_timer *t, u64 delay_ns);
void sim_timer_cancel(struct sim_timer *t);

u64 sim_now(const struct sim *sim);
/* Runs every event due at the current time, including those they queue. */
void sim_run_due(struct sim *sim);
/* Advances the clock by @ns, running each event at its own time. */
void sim_advance(struct sim *sim, u64 ns);
/* Stores the time of the next pending event; false when there is none. */
bool sim_next_event(const struct sim *sim, u64 *when);

#endif
