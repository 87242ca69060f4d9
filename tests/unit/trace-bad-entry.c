/*
 * Not part of any program: a table with entries whose formats disagree
 * with their values, expanded the way sim/base/trace-events.c and
 * sim/core/trace-events.c expand <trace/events/iommu_lab.h>.  The build
 * compiles it expecting the compiler to reject it, one -Wformat error per
 * entry, and trace-t checks that it did (tests.mk).
 */
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/sim.h>
#include <sim/trace.h>

#define BAD_TRACE_EVENTS(DEV_EVENT, SIM_EVENT)					\
/* a number printed as a string */						\
SIM_EVENT(bad_int_as_string, "bad", (int group_id),				\
	  "group=%s", group_id)							\
/* a format with more conversions than values */				\
SIM_EVENT(bad_missing_value, "bad", (const char *domain),			\
	  "domain=%s iova=0x%lx", domain)					\
/* a 64-bit address through a 32-bit conversion */				\
DEV_EVENT(bad_narrow_address, "bad", (struct device *dev, unsigned long long pa), \
	  dev, "dev=%s pa=0x%x", dev_name(dev), pa)

BAD_TRACE_EVENTS(__TRACE_DECLARE_DEV, __TRACE_DECLARE_SIM)
BAD_TRACE_EVENTS(TRACE_DEFINE_DEV_EVENT, TRACE_DEFINE_SIM_EVENT)
