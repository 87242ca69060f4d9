/*
 * The current machine (sim/current.h): one pointer per thread, saved and
 * restored around each entry point.
 */
#include <sim/current.h>

_Thread_local struct sim *sim_current_machine;

struct sim *sim_enter(struct sim *sim)
{
	struct sim *prev = sim_current_machine;

	sim_current_machine = sim;
	return prev;
}

void sim_leave(struct sim **prev)
{
	sim_current_machine = *prev;
}
