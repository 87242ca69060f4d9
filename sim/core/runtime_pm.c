/*
 * Runtime PM (drivers/base/power/runtime.c, the parts the simulated
 * drivers use): a device resumes its DL_FLAG_PM_RUNTIME suppliers before
 * itself and suspends them after itself.
 */
#include <sim/current.h>
#include <sim/device.h>
#include <sim/pm_runtime.h>
#include <sim/sim.h>

static int rpm_callback(struct device *dev, bool resume)
{
	const struct dev_pm_ops *pm = dev->driver ? dev->driver->pm : NULL;
	int (*cb)(struct device *);

	if (!pm)
		return 0;
	cb = resume ? pm->runtime_resume : pm->runtime_suspend;
	return cb ? cb(dev) : 0;
}

static void rpm_put_suppliers(struct device *dev)
{
	struct device_link *link;

	list_for_each_entry(link, &dev->links.suppliers, c_node) {
		if (!link->rpm_active)
			continue;
		link->rpm_active = false;
		pm_runtime_put(link->supplier);
	}
}

static int rpm_get_suppliers(struct device *dev)
{
	struct device_link *link;
	int ret;

	list_for_each_entry(link, &dev->links.suppliers, c_node) {
		if (!(link->flags & DL_FLAG_PM_RUNTIME) || link->rpm_active)
			continue;
		link->rpm_active = true;
		ret = pm_runtime_get_sync(link->supplier);
		if (ret)
			return ret;
	}
	return 0;
}

static int rpm_resume(struct device *dev)
{
	int ret;

	ret = rpm_get_suppliers(dev);
	if (!ret)
		ret = rpm_callback(dev, true);
	if (ret) {
		rpm_put_suppliers(dev);
		return ret;
	}
	dev->power.active = true;
	trace_rpm_resume(dev);
	return 0;
}

int pm_runtime_get_sync(struct device *dev)
{
	SIM_ENTER(dev->sim);
	dev->power.usage_count++;
	if (dev->power.active)
		return 0;
	return rpm_resume(dev);
}

void pm_runtime_put(struct device *dev)
{
	SIM_ENTER(dev->sim);
	if (dev->power.usage_count <= 0 || --dev->power.usage_count)
		return;
	if (!dev->power.active)
		return;
	/* A driver that refuses to suspend keeps the device up. */
	if (rpm_callback(dev, false))
		return;
	dev->power.active = false;
	trace_rpm_suspend(dev);
	rpm_put_suppliers(dev);
}
