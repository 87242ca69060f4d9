/*
 * The virtual clock: events run in (time, arming order), a pending work
 * item is not queued twice, re-arming moves a timer, and advancing stops
 * exactly at the requested time.
 */
#include <string.h>

#include <sim/clock.h>
#include <sim/sim.h>

#include "unit.h"

struct log {
	char buf[64];
	size_t len;
};

static struct log log;

static void note(struct sim *sim, void *data)
{
	const char *tag = data;

	log.buf[log.len++] = tag[0];
}

/* Three timers armed at 5, 1, 5 ms run as b (1 ms), a, c (5 ms, armed first a). */
static void test_order_by_time_then_arming(void **state)
{
	struct sim *sim = sim_new();
	struct sim_timer a, b, c;
	u64 when;

	memset(&log, 0, sizeof(log));
	sim_timer_init(&a, "a", note, "a");
	sim_timer_init(&b, "b", note, "b");
	sim_timer_init(&c, "c", note, "c");
	sim_timer_queue(sim, &a, 5 * NSEC_PER_MSEC);
	sim_timer_queue(sim, &b, 1 * NSEC_PER_MSEC);
	sim_timer_queue(sim, &c, 5 * NSEC_PER_MSEC);
	assert_true(sim_next_event(sim, &when));
	assert_int_equal(when, 1 * NSEC_PER_MSEC);
	sim_advance(sim, 4 * NSEC_PER_MSEC);
	assert_string_equal(log.buf, "b");
	assert_int_equal(sim_now(sim), 4 * NSEC_PER_MSEC);
	sim_advance(sim, 1 * NSEC_PER_MSEC);
	assert_string_equal(log.buf, "bac");
	assert_false(sim_next_event(sim, &when));
	sim_free(sim);
}

/* queue_work() on pending work is a no-op; mod re-arms from now. */
static void test_queue_twice_and_mod(void **state)
{
	struct sim *sim = sim_new();
	struct sim_timer w;

	memset(&log, 0, sizeof(log));
	sim_timer_init(&w, "w", note, "w");
	assert_true(sim_timer_queue(sim, &w, 0));
	assert_false(sim_timer_queue(sim, &w, 0));
	sim_run_due(sim);
	assert_string_equal(log.buf, "w");
	sim_timer_queue(sim, &w, 10 * NSEC_PER_MSEC);
	sim_advance(sim, 6 * NSEC_PER_MSEC);
	sim_timer_mod(sim, &w, 10 * NSEC_PER_MSEC);	/* now due at 16 ms */
	sim_advance(sim, 9 * NSEC_PER_MSEC);
	assert_string_equal(log.buf, "w");
	sim_advance(sim, 1 * NSEC_PER_MSEC);
	assert_string_equal(log.buf, "ww");
	sim_timer_queue(sim, &w, 1);
	sim_timer_cancel(&w);
	sim_advance(sim, 10);
	assert_string_equal(log.buf, "ww");
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_by_time_then_arming),
		cmocka_unit_test(test_queue_twice_and_mod),
	};

	return unit_run("clock", tests, ARRAY_SIZE(tests));
}
