/*
 * The machine connects the simulated kernel's devices to the hardware
 * models of their nodes, which know nothing of struct device: a bus
 * notifier tells a model the name of the device made for its node while
 * that device exists (a PCI function masters the bus once enumerated).
 */
#include <sim/device.h>
#include <sim/hw.h>
#include <sim/notifier.h>
#include <sim/sim.h>

#include "machine.h"

static int hw_connect_notifier(struct notifier_block *nb, unsigned long action,
			       void *data)
{
	struct device *dev = data;

	if (action == BUS_NOTIFY_ADD_DEVICE)
		sim_hw_set_master(dev->sim, dev->of_node, dev_name(dev));
	else if (action == BUS_NOTIFY_DEL_DEVICE)
		sim_hw_set_master(dev->sim, dev->of_node, NULL);
	return NOTIFY_DONE;
}

void machine_hw_connect_init(struct sim *sim)
{
	for (size_t i = 0; i < SIM_NR_DEVICE_BUSES; i++) {
		sim->hw_bus_nb[i].notifier_call = hw_connect_notifier;
		bus_register_notifier(sim, sim_device_buses[i], &sim->hw_bus_nb[i]);
	}
}
