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
		const struct device_driver *drv = sim_builtin_drivers[i];
		const char *const *c = drv->of_match;

		fprintf(con->out, GRAM_FMT_DRV_LIST, drv->name,
			driver_is_registered(con->sim, drv) ? "loaded" : "unloaded",
			bound_count(con, drv));
		if (!c || !*c)
			fputc('-', con->out);
		for (; c && *c; c++)
			fprintf(con->out, "%s%s", c == drv->of_match ? "" : ",", *c);
		fputc('\n', con->out);
	}
	return 0;
}

/* The built-in driver @name, or NULL after an error line with a suggestion. */
static const struct device_driver *find_drv(struct con *con, const char *name)
{
	const struct device_driver *drv = sim_builtin_driver(name);
	struct gram_suggest s;
	struct gram_err e;

	if (drv)
		return drv;
	gram_suggest_init(&s, name);
	for (size_t i = 0; i < sim_builtin_driver_count; i++)
		gram_suggest_add(&s, sim_builtin_drivers[i]->name,
				 strlen(sim_builtin_drivers[i]->name));
	gram_no_driver(name, gram_suggest_best(&s), &e);
	con_gram_err(con, &e);
	return NULL;
}

static int cmd_drv_load(struct con *con, int argc, char **argv)
{
	const struct device_driver *drv = find_drv(con, argv[0]);
	int ret;

	if (!drv)
		return -1;
	if (driver_is_registered(con->sim, drv))
		return con_err(con, -EBUSY, GRAM_E_DRV_LOADED, drv->name);
	ret = driver_register(con->sim, drv);
	if (ret)
		return con_err(con, ret, GRAM_E_DRV_LOAD, drv->name);
	return 0;
}

static int cmd_drv_unload(struct con *con, int argc, char **argv)
{
	const struct device_driver *drv = find_drv(con, argv[0]);
	int ret;

	if (!drv)
		return -1;
	if (!driver_is_registered(con->sim, drv))
		return con_err(con, -ENODEV, GRAM_E_DRV_NOT_LOADED, drv->name);
	if (con_removal_check(con, NULL, drv))
		return -1;
	ret = driver_unregister(con->sim, drv);
	if (ret)
		return con_err(con, ret, "cannot unload driver '%s'", drv->name);
	return 0;
}

static const char *gen_drv(struct con *con, int argi, const char *text, size_t idx)
{
	if (argi > 0 || idx >= sim_builtin_driver_count)
		return NULL;
	return sim_builtin_drivers[idx]->name;
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
