/*
 * Registering and unregistering drivers with a machine.  Driver structures
 * are static const tables shared by every machine; what a machine knows of
 * a driver is a registration record on sim->drivers.
 */
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/of.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include "core.h"

static struct driver_reg *driver_find_reg(const struct sim *sim,
					  const struct device_driver *drv)
{
	struct driver_reg *reg;

	list_for_each_entry(reg, &sim->drivers, node)
		if (reg->drv == drv)
			return reg;
	return NULL;
}

bool driver_is_registered(const struct sim *sim, const struct device_driver *drv)
{
	return driver_find_reg(sim, drv) != NULL;
}

int driver_match_device(const struct device_driver *drv, struct device *dev)
{
	return dev->bus->match ? dev->bus->match(dev, drv) : 1;
}

int driver_register(struct sim *sim, const struct device_driver *drv)
{
	struct driver_reg *reg;

	if (driver_find_reg(sim, drv))
		return -EBUSY;
	reg = kzalloc(sim, sizeof(*reg));
	if (!reg)
		return -ENOMEM;
	reg->drv = drv;
	list_add_tail(&reg->node, &sim->drivers);
	sim_trace(sim, "driver_register", "drv=%s", drv->name);
	driver_attach(sim, drv);
	return 0;
}

int driver_unregister(struct sim *sim, const struct device_driver *drv)
{
	struct driver_reg *reg = driver_find_reg(sim, drv);

	if (!reg)
		return -ENODEV;
	/* Unbind the most recently bound device first, as driver_detach() does. */
	for (;;) {
		struct device *dev, *victim = NULL;

		list_for_each_entry(dev, &sim->devices, sim_node)
			if (dev->driver == drv &&
			    (!victim || dev->bind_seq > victim->bind_seq))
				victim = dev;
		if (!victim)
			break;
		device_release_driver(victim);
	}
	list_del_init(&reg->node);
	free(reg);
	sim_trace(sim, "driver_unregister", "drv=%s", drv->name);
	return 0;
}
