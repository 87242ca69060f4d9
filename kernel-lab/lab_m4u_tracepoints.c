// SPDX-License-Identifier: GPL-2.0
/*
 * The IOMMU core's own tracepoints, add_device_to_group and
 * remove_device_from_group, heard and handed to the trace
 * (lab_m4u_trace.c), which records them for the board's devices under the
 * simulator's names.  A file of its own because the kernel's
 * <trace/events/iommu.h> and the simulator's <trace/events/iommu_lab.h>
 * both name a trace_add_device_to_group().
 */
#include <linux/device.h>
#include <linux/tracepoint.h>
#include <trace/events/iommu.h>

#include "lab.h"

static void tp_add_device_to_group(void *data, int group_id, struct device *dev)
{
	lab_trace_group_event(true, group_id, dev);
}

static void tp_remove_device_from_group(void *data, int group_id, struct device *dev)
{
	lab_trace_group_event(false, group_id, dev);
}

int lab_tracepoints_register(void)
{
	int ret;

	ret = register_trace_add_device_to_group(tp_add_device_to_group, NULL);
	if (ret)
		return ret;
	ret = register_trace_remove_device_from_group(tp_remove_device_from_group, NULL);
	if (ret) {
		unregister_trace_add_device_to_group(tp_add_device_to_group, NULL);
		tracepoint_synchronize_unregister();
	}
	return ret;
}

void lab_tracepoints_unregister(void)
{
	unregister_trace_remove_device_from_group(tp_remove_device_from_group, NULL);
	unregister_trace_add_device_to_group(tp_add_device_to_group, NULL);
	tracepoint_synchronize_unregister();
}
