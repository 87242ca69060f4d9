/*
 * What the benchmarks share: a monotonic clock, booting a built board, and
 * running a measurement in a child process of its own.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <sim/sim.h>

/* Seconds on the host's monotonic clock. */
double bench_seconds(void);
/*
 * A machine booted on $IOMMU_LAB_BOARDS/@name.dtb (build/boards by
 * default) with the trace off; NULL after a message on stderr.
 */
struct sim *bench_boot(const char *name);

/*
 * Runs @fn(@arg) in a child process, so that what it allocates is
 * measured alone and given back whole.  Returns its exit status (0 when
 * @fn returned 0), -1 if it could not run or died; *@maxrss_kib gets the
 * child's peak resident set, in KiB.
 */
int bench_in_child(int (*fn)(void *arg), void *arg, long *maxrss_kib);
/*
 * @size zeroed bytes that a child run by bench_in_child() shares with its
 * parent, for its figures; NULL after a message on stderr.
 */
void *bench_shared(size_t size);

#endif
