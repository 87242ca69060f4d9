/*
 * The helpers of the trace events whose machine is an argument
 * (SIM_EVENT in <trace/events/iommu_lab.h>), defined from the table.
 */
#include <sim/errno.h>
#include <sim/sim.h>
#include <sim/trace.h>

IOMMU_LAB_TRACE_EVENTS(TRACE_SKIP_DEV_EVENT, TRACE_DEFINE_SIM_EVENT)
