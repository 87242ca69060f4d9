/*
 * What the benchmarks share: a monotonic clock, and booting a built board.
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

#endif
