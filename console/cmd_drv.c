/*
 * Driver commands: the built-in driver catalogue, and registering or
 * unregistering one driver at a time, which is how the order of probes
 * (and so probe deferral) is put in the user's hands.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/clock.h>
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

/* A device's state and probe count before a load, by the device. */
struct state_before {
	const struct device *dev;
	const char *state;
	unsigned int probe_attempts;
};

/*
 * The states of every device, in dev list order, or NULL when there is no
 * memory (or no device) and *@n set to 0.
 */
static struct state_before *states_before(struct con *con, size_t *n)
{
	struct state_before *s;
	struct device *dev;
	size_t i = 0;

	*n = list_count(&con->sim->devices);
	s = *n ? calloc(*n, sizeof(*s)) : NULL;
	if (!s) {
		*n = 0;
		return NULL;
	}
	list_for_each_entry(dev, &con->sim->devices, sim_node)
		s[i++] = (struct state_before){ dev, con_dev_state(dev), dev->probe_attempts };
	return s;
}

/*
 * What the load did to @dev; a device the load added was unbound before,
 * with no probe.  A probe that left it unbound with an error other than
 * -EPROBE_DEFER failed it.  The list's order is the snapshot's, so the
 * search starts at *@next.
 */
static enum gram_drv_load_kind load_kind(const struct state_before *s, size_t n,
					 size_t *next, const struct device *dev)
{
	struct state_before before = { dev, "unbound", 0 };
	const char *after = con_dev_state(dev);
	enum gram_drv_load_kind kind;

	for (size_t k = 0; k < n; k++) {
		size_t i = (*next + k) % n;

		if (s[i].dev == dev) {
			*next = i + 1;
			before = s[i];
			break;
		}
	}
	kind = gram_drv_load_kind(before.state, after);
	if (kind == GRAM_DRV_LOAD_UNCHANGED && !strcmp(after, "unbound") &&
	    dev->probe_attempts != before.probe_attempts &&
	    dev->probe_err && dev->probe_err != -EPROBE_DEFER)
		return GRAM_DRV_LOAD_FAILED;
	return kind;
}

static int by_bind_seq(const void *a, const void *b)
{
	const struct device *x = *(const struct device *const *)a;
	const struct device *y = *(const struct device *const *)b;

	return x->bind_seq < y->bind_seq ? -1 : x->bind_seq > y->bind_seq;
}

/*
 * "drv load NAME: bound A,B; deferred C; failed D=-EINVAL" (grammar.h):
 * the bound in the order they were bound, the others in dev list order.
 */
static int print_load_result(struct con *con, const char *name,
			     const struct state_before *s, size_t n)
{
	size_t ndevs = list_count(&con->sim->devices), nbound = 0, next = 0;
	const struct device **bound = NULL;
	char line[GRAM_DRV_LOAD_LINE];
	struct gram_drv_load r;
	struct device *dev;

	if (ndevs && !(bound = calloc(ndevs, sizeof(*bound))))
		return con_err(con, -ENOMEM, GRAM_E_NOMEM);
	gram_drv_load_init(&r);
	list_for_each_entry(dev, &con->sim->devices, sim_node) {
		enum gram_drv_load_kind kind = load_kind(s, n, &next, dev);

		if (kind == GRAM_DRV_LOAD_BOUND)
			bound[nbound++] = dev;
		else if (kind == GRAM_DRV_LOAD_FAILED)
			gram_drv_load_failed(&r, dev_name(dev), sim_errname(dev->probe_err));
		else
			gram_drv_load_name(&r, kind, dev_name(dev));
	}
	if (nbound)
		qsort(bound, nbound, sizeof(*bound), by_bind_seq);
	for (size_t i = 0; i < nbound; i++)
		gram_drv_load_name(&r, GRAM_DRV_LOAD_BOUND, dev_name(bound[i]));
	free(bound);
	gram_drv_load_line(line, sizeof(line), name, &r);
	fputs(line, con->out);
	return 0;
}

static int cmd_drv_load(struct con *con, int argc, char **argv)
{
	const struct sim_module *mod = find_drv(con, argv[0]);
	struct state_before *before;
	const char *name;
	size_t n;
	int ret;

	if (!mod)
		return -1;
	name = mod->driver->name;
	if (driver_is_registered(con->sim, mod->driver))
		return con_err(con, -EBUSY, GRAM_E_DRV_LOADED, name);
	before = states_before(con, &n);
	if (!before && !list_empty(&con->sim->devices))
		return con_err(con, -ENOMEM, GRAM_E_NOMEM);
	ret = sim_module_load(con->sim, mod);
	if (ret) {
		free(before);
		return con_err(con, ret, GRAM_E_DRV_LOAD, name);
	}
	/* The probes the load set off, deferred retries included, run first. */
	sim_run_due(con->sim);
	ret = print_load_result(con, name, before, n);
	free(before);
	return ret;
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
