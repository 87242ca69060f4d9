/*
 * The buses' notifier chains (drivers/base/bus.c): whoever wants to hear
 * of devices coming and going on a bus registers a notifier block, and
 * device_add() and device_del() call the chain.  A machine keeps one
 * chain per bus type, as each bus's subsys_private does in the kernel.
 */
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/notifier.h>
#include <sim/sim.h>

#include "core.h"

const struct bus_type *const sim_device_buses[SIM_NR_DEVICE_BUSES] = {
	&platform_bus_type,
	&pci_bus_type,
};

/* @bus's chain in @sim; with @make, a free slot becomes it.  NULL if none. */
static struct blocking_notifier_head *bus_notifier(struct sim *sim,
						   const struct bus_type *bus,
						   bool make)
{
	for (size_t i = 0; i < ARRAY_SIZE(sim->buses); i++) {
		if (sim->buses[i].bus == bus)
			return &sim->buses[i].bus_notifier;
		if (!sim->buses[i].bus && make) {
			sim->buses[i].bus = bus;
			return &sim->buses[i].bus_notifier;
		}
	}
	return NULL;
}

int bus_register_notifier(struct sim *sim, const struct bus_type *bus,
			  struct notifier_block *nb)
{
	struct blocking_notifier_head *nh = bus_notifier(sim, bus, true);

	return nh ? blocking_notifier_chain_register(nh, nb) : -ENOSPC;
}

int bus_unregister_notifier(struct sim *sim, const struct bus_type *bus,
			    struct notifier_block *nb)
{
	struct blocking_notifier_head *nh = bus_notifier(sim, bus, false);

	return nh ? blocking_notifier_chain_unregister(nh, nb) : -ENOENT;
}

void bus_notify(struct device *dev, unsigned long action)
{
	struct blocking_notifier_head *nh = bus_notifier(dev->sim, dev->bus, false);

	if (nh)
		blocking_notifier_call_chain(nh, action, dev);
}
