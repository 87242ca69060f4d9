/*
 * The helpers of the trace events whose machine is their device's
 * (DEV_EVENT in <trace/events/iommu_lab.h>), defined from the table.
 */
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/sim.h>
#include <sim/trace.h>

IOMMU_LAB_TRACE_EVENTS(TRACE_DEFINE_DEV_EVENT, TRACE_SKIP_SIM_EVENT)
