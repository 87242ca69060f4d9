/*
 * The machine checking itself: the invariants a kernel developer would
 * assert about the IOMMU core, VFIO, the DMA API and the IOMMU hardware,
 * checked after every console command (docs/invariants.md lists them).
 *
 * The checker sits above every other layer of the simulator and reads
 * them all; nothing in sim/ calls it.  A run changes nothing it reads: no
 * TLB order, counter, guest-error count or trace event of the machine's
 * own moves, only the reports.  Each violation is reported as a
 * "WARNING: ..." kernel log line and a WARN trace event, once: a run
 * reports what the run before it did not see.
 */
#ifndef SIM_CHECK_H
#define SIM_CHECK_H

struct sim;
struct sim_check;

/* A checker that has reported nothing yet; NULL when out of memory. */
struct sim_check *sim_check_new(void);
void sim_check_free(struct sim_check *check);
/* Forgets what was reported: the next run reports every violation again. */
void sim_check_forget(struct sim_check *check);
/*
 * Checks every invariant of @sim, and reports the violations the previous
 * run did not find.  Returns how many violations there are now (reported
 * or not), or -ENOMEM.
 */
int sim_check_run(struct sim_check *check, struct sim *sim);

#endif
