/*
 * Registering and unregistering drivers with a machine.  Driver structures
 * are static tables shared by every machine; what a machine knows of a
 * driver is a registration record on sim->drivers, which also says which
 * bus the driver is on.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
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

const struct device_driver *driver_find_registered(const struct sim *sim,
						   const char *name,
						   const struct bus_type **bus)
{
	struct driver_reg *reg;

	list_for_each_entry(reg, &sim->drivers, node)
		if (!strcmp(reg->drv->name, name)) {
			*bus = reg->bus;
			return reg->drv;
		}
	return NULL;
}

bool driver_is_registered(const struct sim *sim, const struct device_driver *drv)
{
	return driver_find_reg(sim, drv) != NULL;
}

void driver_add_bound(struct device *dev)
{
	struct driver_reg *reg = driver_find_reg(dev->sim, dev->driver);

	if (reg)
		list_add_tail(&dev->driver_node, &reg->devices);
}

int driver_register_bus(struct device_driver *drv, const struct bus_type *bus)
{
	struct sim *sim = sim_current();
	struct driver_reg *reg;

	if (!sim || !bus)
		return -ENODEV;
	if (driver_find_reg(sim, drv))
		return -EBUSY;
	reg = kzalloc(sizeof(*reg), GFP_KERNEL);
	if (!reg)
		return -ENOMEM;
	reg->drv = drv;
	reg->bus = bus;
	INIT_LIST_HEAD(&reg->devices);
	list_add_tail(&reg->node, &sim->drivers);
	trace_driver_register(sim, drv->name);
	driver_attach(sim, reg);
	return 0;
}

int driver_register(struct device_driver *drv)
{
	return driver_register_bus(drv, drv->bus);
}

void driver_unregister(struct device_driver *drv)
{
	struct sim *sim = sim_current();
	struct driver_reg *reg = sim ? driver_find_reg(sim, drv) : NULL;

	if (!reg)
		return;
	/* Unbind the most recently bound device first, as driver_detach() does. */
	while (!list_empty(&reg->devices))
		device_release_driver(list_last_entry(&reg->devices, struct device,
						      driver_node));
	list_del_init(&reg->node);
	free(reg);
	trace_driver_unregister(sim, drv->name);
}

int sim_module_load(struct sim *sim, const struct sim_module *mod)
{
	SIM_ENTER(sim);

	if (driver_is_registered(sim, mod->driver))
		return -EBUSY;
	return mod->init();
}

int sim_module_unload(struct sim *sim, const struct sim_module *mod)
{
	SIM_ENTER(sim);

	if (!driver_is_registered(sim, mod->driver))
		return -ENODEV;
	mod->exit();
	return 0;
}

void driver_unregister_all(struct sim *sim)
{
	SIM_ENTER(sim);

	while (!list_empty(&sim->drivers))
		driver_unregister(list_last_entry(&sim->drivers, struct driver_reg,
						  node)->drv);
}
