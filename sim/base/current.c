/*
 * The current machine (sim/current.h): one pointer per thread, saved and
 * restored around each entry point.
 */
#include <sim/current.h>

static _Thread_local struct sim *current_sim;

struct sim *sim_current(void)
{
	return current_sim;
}

struct sim *sim_enter(struct sim *sim)
{
	struct sim *prev = current_sim;

	current_sim = sim;
	return prev;
}

void sim_leave(struct sim **prev)
{
	current_sim = *prev;
}
