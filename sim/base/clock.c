/*
 * The virtual clock and its event queue: timers sorted by (expiry, arming
 * order), so equal-time events run in the order they were armed.
 */
#include <sim/clock.h>
#include <sim/current.h>
#include <sim/sim.h>

void sim_timer_init(struct sim_timer *t, const char *name,
		    sim_timer_fn fn, void *data)
{
	INIT_LIST_HEAD(&t->node);
	t->expires = 0;
	t->seq = 0;
	t->fn = fn;
	t->data = data;
	t->name = name;
	t->pending = false;
}

static void timer_insert(struct sim *sim, struct sim_timer *t, u64 delay_ns)
{
	struct sim_timer *pos;

	t->expires = sim->now + delay_ns;
	t->seq = sim->timer_seq++;
	t->pending = true;
	/* Walk back from the tail: most timers expire last. */
	list_for_each_entry_reverse(pos, &sim->timers, node)
		if (pos->expires <= t->expires)
			break;
	list_add(&t->node, &pos->node);
}

bool sim_timer_queue(struct sim *sim, struct sim_timer *t, u64 delay_ns)
{
	if (t->pending)
		return false;
	timer_insert(sim, t, delay_ns);
	return true;
}

void sim_timer_mod(struct sim *sim, struct sim_timer *t, u64 delay_ns)
{
	sim_timer_cancel(t);
	timer_insert(sim, t, delay_ns);
}

void sim_timer_cancel(struct sim_timer *t)
{
	if (!t->pending)
		return;
	list_del_init(&t->node);
	t->pending = false;
}

u64 sim_now(const struct sim *sim)
{
	return sim->now;
}

/* Runs the first timer if it is due by @limit; returns false otherwise. */
static bool run_one(struct sim *sim, u64 limit)
{
	struct sim_timer *t;

	if (list_empty(&sim->timers))
		return false;
	t = list_first_entry(&sim->timers, struct sim_timer, node);
	if (t->expires > limit)
		return false;
	if (t->expires > sim->now)
		sim->now = t->expires;
	/* Like a work item, it may re-arm itself while it runs. */
	list_del_init(&t->node);
	t->pending = false;
	{
		SIM_ENTER(sim);

		t->fn(sim, t->data);
	}
	return true;
}

void sim_run_due(struct sim *sim)
{
	SIM_ENTER(sim);
	while (run_one(sim, sim->now))
		;
}

void sim_advance(struct sim *sim, u64 ns)
{
	SIM_ENTER(sim);
	u64 end = sim->now + ns;

	while (run_one(sim, end))
		;
	sim->now = end;
}

bool sim_next_event(const struct sim *sim, u64 *when)
{
	if (list_empty(&sim->timers))
		return false;
	*when = list_first_entry(&sim->timers, struct sim_timer, node)->expires;
	return true;
}
