/*
 * The machine whose call is running.
 *
 * Kernel calls that name no device act on the one machine a kernel has:
 * iommu_group_alloc(void), iommu_domain_alloc(bus), kzalloc() (whose
 * failures fail-nth injects per machine), ioremap(), pr_err(), max_pfn.
 * The simulator can hold several machines in one process, so those calls
 * act on the current one: a thread-local pointer that every public entry
 * point of the simulator sets for the length of the call.
 *
 * An entry point opens with SIM_ENTER(sim), or SIM_ENTER(dev->sim) when it
 * is handed a device; the previous machine comes back on every return
 * path, so entry points nest (the console calls iommu_attach_group(),
 * which VFIO calls too) and one machine can work on another
 * (sim_board_replace() boots a new machine while the old one is current).
 * The timer queue and interrupt delivery enter the machine they run for
 * too, so a callback finds its machine however it was reached.
 *
 * Calls made with no current machine (a unit test building a page table
 * on its own) act on none: kzalloc() never fails on purpose, and calls
 * that need a machine return their "no device" error.
 */
#ifndef SIM_CURRENT_H
#define SIM_CURRENT_H

struct sim;

/* What sim_current() reads; only sim_enter() and sim_leave() set it. */
extern _Thread_local struct sim *sim_current_machine;

/*
 * The current machine, or NULL outside every entry point.  Inline: the
 * allocators ask it on every call, a probe retry's supplier check too.
 */
static inline struct sim *sim_current(void)
{
	return sim_current_machine;
}
/* Makes @sim current; returns the machine that was. */
struct sim *sim_enter(struct sim *sim);
/* Makes *@prev current again (the cleanup of SIM_ENTER()). */
void sim_leave(struct sim **prev);

#define SIM_ENTER(machine)						\
	struct sim *__sim_prev __attribute__((cleanup(sim_leave), unused)) = \
		sim_enter(machine)

#endif
