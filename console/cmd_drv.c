/*
 * Driver commands: the built-in driver catalogue, and registering or
 * unregistering one driver at a time, which is how the order of probes
 * (and so probe deferral) is put in the user's hands.
 */
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/sim.h>

#include <linux/mod_devicetable.h>

#include "cmdtab.h"
#include "console.h"

static unsigned int bound_count(struct con *con, const struct device_driver *drv)
{
	unsigned int n = 0;
	struct device *dev;

	list_for_each_entry(dev, &con->sim->devices, sim_node)
		if (dev->driver == drv)
			n++;
	return n;
}

static int cmd_drv_list(struct con *con, int argc, char **argv)
{
	for (size_t i = 0; i < sim_builtin_driver_count; i++) {
		const struct device_driver *drv = sim_builtin_drivers[i]->driver;
		const struct of_device_id *id = drv->of_match_table;

		fprintf(con->out, GRAM_FMT_DRV_LIST, drv->name,
			driver_is_registered(con->sim, drv) ? "loaded" : "unloaded",
			bound_count(con, drv));
		if (!id || !id->compatible[0])
			fputc('-', con->out);
		for (; id && id->compatible[0]; id++)
			fprintf(con->out, "%s%s", id == drv->of_match_table ? "" : ",",
				id->compatible);
		fputc('\n', con->out);
	}
	return 0;
}

/* The built-in driver @name, or NULL after an error line with a suggestion. */
static const struct sim_module *find_drv(struct con *con, const char *name)
{
	const struct sim_module *mod = sim_builtin_driver(name);
	struct gram_suggest s;
	struct gram_err e;

	if (mod)
		return mod;
	gram_suggest_init(&s, name);
	for (size_t i = 0; i < sim_builtin_driver_count; i++)
		gram_suggest_add(&s, sim_builtin_drivers[i]->driver->name,
				 strlen(sim_builtin_drivers[i]->driver->name));
	gram_no_driver(name, gram_suggest_best(&s), &e);
	con_gram_err(con, &e);
	return NULL;
}

static int cmd_drv_load(struct con *con, int argc, char **argv)
{
	const struct sim_module *mod = find_drv(con, argv[0]);
	const char *name;
	int ret;

	if (!mod)
		return -1;
	name = mod->driver->name;
	if (driver_is_registered(con->sim, mod->driver))
		return con_err(con, -EBUSY, GRAM_E_DRV_LOADED, name);
	ret = sim_module_load(con->sim, mod);
	if (ret)
		return con_err(con, ret, GRAM_E_DRV_LOAD, name);
	return 0;
}

static int cmd_drv_unload(struct con *con, int argc, char **argv)
{
	const struct sim_module *mod = find_drv(con, argv[0]);
	const char *name;
	int ret;

	if (!mod)
		return -1;
	name = mod->driver->name;
	if (!driver_is_registered(con->sim, mod->driver))
		return con_err(con, -ENODEV, GRAM_E_DRV_NOT_LOADED, name);
	if (con_removal_check(con, NULL, mod->driver))
		return -1;
	ret = sim_module_unload(con->sim, mod);
	if (ret)
		return con_err(con, ret, "cannot unload driver '%s'", name);
	return 0;
}

static const char *gen_drv(struct con *con, int argi, const char *text, size_t idx)
{
	if (argi > 0 || idx >= sim_builtin_driver_count)
		return NULL;
	return sim_builtin_drivers[idx]->driver->name;
}

const struct con_cmd con_drv_cmds[] = {
	{ "drv list", "", cmd_drv_list,
	  "list the built-in drivers, loaded or not, with what they bind to", NULL },
	{ "drv load", "<driver>", cmd_drv_load,
	  "register a driver and bind it to the devices it matches", gen_drv },
	{ "drv unload", "<driver>", cmd_drv_unload,
	  "unbind a driver from its devices and unregister it", gen_drv },
	{ .name = NULL }
};
