/*
 * Device commands: listing and showing devices, adding and removing
 * devices by hand, and the sysfs way of moving a device between drivers
 * (unbind, driver_override, bind), which is how a device goes to VFIO.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/of.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

const char *con_dev_state(const struct device *dev)
{
	if (dev->driver)
		return "bound";
	if (device_is_deferred(dev))
		return "deferred";
	return "unbound";
}

static const char *dev_dma(const struct device *dev)
{
	if (!dev->dma_configured)
		return "-";
	return dma_uses_iommu(dev) ? "iommu" : "direct";
}

static int cmd_dev_list(struct con *con, int argc, char **argv)
{
	struct device *dev;

	list_for_each_entry(dev, &con->sim->devices, sim_node)
		fprintf(con->out, GRAM_FMT_DEV_LIST,
			dev_name(dev), dev->bus ? dev->bus->name : "-",
			dev->driver ? dev->driver->name : "-", con_dev_state(dev),
			dev_dma(dev));
	return 0;
}

struct device *con_find_dev(struct con *con, const char *name)
{
	struct device *dev = sim_find_device(con->sim, name);

	if (!dev)
		con_err(con, -ENODEV, GRAM_E_NO_DEVICE, name);
	return dev;
}

static void show_compatible(struct con *con, const struct device_node *np)
{
	int n = np ? of_property_count_strings(np, "compatible") : 0;

	fputs("compatible: ", con->out);
	if (n <= 0)
		fputc('-', con->out);
	for (int i = 0; i < n; i++)
		fprintf(con->out, "%s%s", i ? ", " : "",
			of_property_read_string_index(np, "compatible", i));
	fputc('\n', con->out);
}

static void show_links(struct con *con, const struct device *dev, bool suppliers)
{
	const struct list_head *head = suppliers ? &dev->links.suppliers :
						   &dev->links.consumers;
	struct device_link *link;
	bool any = false;

	fprintf(con->out, "%s: ", suppliers ? "suppliers" : "consumers");
	if (suppliers) {
		list_for_each_entry(link, head, c_node) {
			fprintf(con->out, "%s%s", any ? "," : "", dev_name(link->supplier));
			any = true;
		}
	} else {
		list_for_each_entry(link, head, s_node) {
			fprintf(con->out, "%s%s", any ? "," : "", dev_name(link->consumer));
			any = true;
		}
	}
	fprintf(con->out, "%s\n", any ? "" : "-");
}

static const char *node_label(const struct device_node *np)
{
	return np->label ? np->label : np->full_name;
}

/*
 * "iommus: IOMMU:ID,ID": the node's iommus specifiers, consecutive entries
 * for the same IOMMU sharing its label, other IOMMUs after a space.  Each
 * cell in hex, as the trace's of_xlate id= shows it.
 */
static void show_iommus(struct con *con, const struct device_node *np)
{
	const struct device_node *last = NULL;
	struct of_phandle_iterator it;
	struct of_phandle_args args;
	int ret;

	fputs("iommus: ", con->out);
	of_for_each_phandle(&it, ret, np, "iommus", "#iommu-cells", 0) {
		if (of_phandle_iterator_args(&it, &args))
			break;
		if (args.np != last) {
			fprintf(con->out, "%s%s", last ? " " : "", node_label(args.np));
			if (args.args_count)
				fputc(':', con->out);
		} else if (args.args_count) {
			fputc(',', con->out);
		}
		for (int c = 0; c < args.args_count; c++)
			fprintf(con->out, "%s0x%x", c ? "," : "", args.args[c]);
		last = args.np;
	}
	fprintf(con->out, "%s\n", last ? "" : "-");
}

/*
 * A PCI function has no iommus of its own: "requester-id: 0xRID (BB:DD.F)",
 * then the specifier its host bridge's iommu-map gives that requester ID
 * (of_map_id(), as of_iommu_configure() looks it up), "iommus: IOMMU:0xID".
 */
static void show_pci_iommus(struct con *con, const struct device *dev)
{
	struct device_node *bridge = dev->of_node ? dev->of_node->parent : NULL;
	struct device_node *iommu = NULL;
	u16 rid = dev->pci_bdf;
	u32 id;

	fprintf(con->out, GRAM_FMT_SHOW_RID, rid, rid >> 8, (rid >> 3) & 0x1f, rid & 7);
	if (bridge && !of_map_id(bridge, rid, "iommu-map", "iommu-map-mask", &iommu, &id) &&
	    iommu)
		fprintf(con->out, "iommus: %s:0x%x\n", node_label(iommu), id);
	else
		fputs("iommus: -\n", con->out);
}

static int cmd_dev_show(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	const struct device_node *np;
	FILE *out = con->out;

	if (!dev)
		return -1;
	np = dev->of_node;
	fprintf(out, GRAM_FMT_SHOW_NAME, dev_name(dev));
	fprintf(out, GRAM_FMT_SHOW_BUS, dev->bus ? dev->bus->name : "-");
	show_compatible(con, np);
	fprintf(out, "of-node: %s\n", np && np->path ? np->path : "-");
	fprintf(out, GRAM_FMT_SHOW_DRIVER, dev->driver ? dev->driver->name : "-");
	fprintf(out, GRAM_FMT_SHOW_STATE, con_dev_state(dev));
	if (!dev->driver && device_is_deferred(dev)) {
		const char *reason = dev->deferred_probe_reason;
		size_t len = reason ? strcspn(reason, "\n") : 0;

		fprintf(out, GRAM_FMT_SHOW_DEFERRED, len ? (int)len : 1, len ? reason : "-");
	}
	fprintf(out, "probe-attempts: %u\n", dev->probe_attempts);
	fprintf(out, GRAM_FMT_SHOW_DMA, dev_dma(dev));
	fprintf(out, GRAM_FMT_SHOW_MASK, (unsigned long long)dev->dma_mask);
	fprintf(out, GRAM_FMT_SHOW_MAX_SEG, dev->max_segment_size);
	fprintf(out, GRAM_FMT_SHOW_BOUNDARY, dev->seg_boundary_mask);
	show_links(con, dev, true);
	show_links(con, dev, false);
	if (dev->bus == &pci_bus_type)
		show_pci_iommus(con, dev);
	else
		show_iommus(con, np);
	if (dev->iommu_group)
		fprintf(con->out, GRAM_FMT_SHOW_GROUP,
			iommu_group_id(dev->iommu_group),
			dev->iommu_group->domain ? dev->iommu_group->domain->name : "none");
	else
		fputs(GRAM_FMT_SHOW_NO_GROUP, con->out);
	return 0;
}

static int cmd_dev_add(struct con *con, int argc, char **argv)
{
	struct sim_dev_spec spec = { 0 };
	struct gram_dev_add a;
	char err[256] = "";
	struct gram_err e;
	int ret;

	if (gram_parse_dev_add(argc, argv, &a, &e))
		return con_gram_err(con, &e);
	if (!con->sim->of)
		return con_err(con, 0, "no board loaded");
	spec.name = a.name;
	spec.compatible = a.compatible;
	spec.iommu = a.nr_ids ? a.iommu : NULL;
	memcpy(spec.ids, a.ids, sizeof(spec.ids));
	spec.nr_ids = a.nr_ids;
	spec.larb = a.larb;
	spec.pci = a.pci;
	spec.slot_given = a.slot_given;
	spec.slot = a.slot;
	ret = sim_dev_create(con->sim, &spec, err, sizeof(err));
	if (ret)
		return con_err(con, ret, "%s", err[0] ? err : GRAM_E_DEV_ADD);
	return 0;
}

/*
 * dev set DEV driver_override DRIVER|none: the sysfs attribute, which
 * takes any name (the driver need not exist yet); "none" clears it, as
 * writing an empty line does.  Printed as sysfs shows it, "(null)" unset.
 */
static int dev_set_driver_override(struct con *con, struct device *dev,
				   const char *value)
{
	char *copy = NULL;

	if (strcmp(value, "none")) {
		if (con_check_name(con, "driver", value))
			return -1;
		copy = strdup(value);
		if (!copy)
			return con_err(con, -ENOMEM, "out of memory");
	}
	free(dev->driver_override);
	dev->driver_override = copy;
	fprintf(con->out, "%s driver_override=%s\n", dev_name(dev),
		copy ? copy : "(null)");
	return 0;
}

/* dev set DEV dma-mask BITS | max-seg BYTES | seg-boundary MASK | driver_override NAME */
static int cmd_dev_set(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	enum gram_dev_param param;
	struct gram_err e;
	int ret;
	u64 v;

	if (!dev)
		return -1;
	if (!strcmp(argv[1], "driver_override"))
		return dev_set_driver_override(con, dev, argv[2]);
	if (gram_parse_dev_set(argv[1], argv[2], &param, &v, &e))
		return con_gram_err(con, &e);
	switch (param) {
	case GRAM_DEV_DMA_MASK:
		ret = dma_set_mask(dev, DMA_BIT_MASK(v));
		if (ret)
			return con_err(con, ret, GRAM_E_DMA_MASK, (unsigned long long)v);
		dev->coherent_dma_mask = DMA_BIT_MASK(v);
		fprintf(con->out, GRAM_FMT_DMA_MASK, dev_name(dev),
			(unsigned long long)dev->dma_mask);
		break;
	case GRAM_DEV_MAX_SEG:
		dev->max_segment_size = v;
		fprintf(con->out, GRAM_FMT_MAX_SEG, dev_name(dev), dev->max_segment_size);
		break;
	case GRAM_DEV_SEG_BOUNDARY:
		dev->seg_boundary_mask = v;
		fprintf(con->out, GRAM_FMT_SEG_BOUNDARY, dev_name(dev), dev->seg_boundary_mask);
		break;
	}
	return 0;
}

/*
 * dev unbind DEV: the driver's sysfs "unbind" (unbind_store()), -ENODEV
 * for a device bound to no driver.  A device whose DMA mappings the
 * console holds is refused first, as dev del is (con_removal_check()); a
 * VFIO driver's device goes, taking its group out of its container.
 */
static int cmd_dev_unbind(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	int ret = 0;

	if (!dev)
		return -1;
	if (!dev->driver)
		ret = -ENODEV;
	else if (con_removal_check(con, dev, NULL))
		return -1;
	else
		device_unbind_by_user(dev);
	fprintf(con->out, "dev unbind %s -> %s\n", dev_name(dev), sim_errname(ret));
	return 0;
}

/*
 * dev bind DEV DRIVER: the driver's sysfs "bind" (bind_store()).  A
 * driver that is not registered has no such file: a console error.
 */
static int cmd_dev_bind(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	const struct device_driver *drv;
	const struct bus_type *bus;
	int ret;

	if (!dev)
		return -1;
	drv = driver_find_registered(con->sim, argv[1], &bus);
	if (!drv)
		return con_err(con, -ENOENT, "no driver '%s' is loaded", argv[1]);
	ret = device_bind_driver_by_user(drv, bus, dev);
	fprintf(con->out, "dev bind %s %s -> %s\n", dev_name(dev), drv->name,
		sim_errname(ret));
	return 0;
}

static int cmd_dev_del(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	int ret;

	if (!dev)
		return -1;
	if (con_removal_check(con, dev, NULL))
		return -1;
	ret = sim_dev_destroy(con->sim, argv[0]);
	if (ret)
		return con_err(con, ret, "cannot remove device '%s'", argv[0]);
	return 0;
}

/* Completion */

static const char *nth_device(struct con *con, size_t idx)
{
	struct device *dev;

	list_for_each_entry(dev, &con->sim->devices, sim_node)
		if (idx-- == 0)
			return dev_name(dev);
	return NULL;
}

const char *con_gen_dev(struct con *con, int argi, const char *text, size_t idx)
{
	return argi == 0 ? nth_device(con, idx) : NULL;
}

/* dev add's keys, "compatible=" ..., as its spec names them. */
static void add_dev_add_keys(struct con *con)
{
	const char *p = GRAM_SPEC_DEV_ADD;
	struct gram_spec_word w;

	while ((p = gram_spec_next(p, &w))) {
		size_t len = strcspn(w.text, "=<[|");

		if (len < w.len && w.text[len] == '=')
			con_scratch_add(con, "%.*s", (int)len + 1, w.text);
	}
}

/* dev add: the keys, then values for bus=, larb= and iommus=. */
static const char *gen_dev_add(struct con *con, int argi, const char *text, size_t idx)
{
	const char *dev;

	if (argi == 0)
		return NULL;
	if (idx == 0) {
		con_scratch_reset(con);
		if (!strncmp(text, "bus=", 4)) {
			con_scratch_add(con, "bus=platform");
			con_scratch_add(con, "bus=pci");
		} else if (!strncmp(text, "larb=", 5)) {
			for (size_t i = 0; (dev = nth_device(con, i)); i++)
				con_scratch_add(con, "larb=%s", dev);
		} else if (!strncmp(text, "iommus=", 7)) {
			for (size_t i = 0; (dev = nth_device(con, i)); i++)
				con_scratch_add(con, "iommus=%s:", dev);
		} else {
			add_dev_add_keys(con);
		}
	}
	return con_scratch_get(con, idx);
}

/* dev set: the device, then the parameters, then driver names for driver_override. */
static const char *gen_dev_set(struct con *con, int argi, const char *text, size_t idx)
{
	static const char *const params[] = {
		"dma-mask", "max-seg", "seg-boundary", "driver_override",
	};

	if (argi == 0)
		return nth_device(con, idx);
	if (argi == 1)
		return idx < ARRAY_SIZE(params) ? params[idx] : NULL;
	if (argi != 2)
		return NULL;
	if (idx == 0) {
		con_scratch_reset(con);
		con_scratch_add(con, "none");
		for (size_t i = 0; i < sim_builtin_driver_count; i++)
			con_scratch_add(con, "%s", sim_builtin_drivers[i]->driver->name);
	}
	return con_scratch_get(con, idx);
}

/* dev bind: the device, then the loaded drivers. */
static const char *gen_dev_bind(struct con *con, int argi, const char *text, size_t idx)
{
	const struct bus_type *bus;

	if (argi == 0)
		return nth_device(con, idx);
	if (argi != 1)
		return NULL;
	if (idx == 0) {
		con_scratch_reset(con);
		for (size_t i = 0; i < sim_builtin_driver_count; i++) {
			const char *name = sim_builtin_drivers[i]->driver->name;

			if (driver_find_registered(con->sim, name, &bus))
				con_scratch_add(con, "%s", name);
		}
	}
	return con_scratch_get(con, idx);
}

const struct con_cmd con_dev_cmds[] = {
	{ "dev list", "", cmd_dev_list,
	  "list the devices with their driver, probe state and DMA ops", NULL },
	{ "dev show", "<dev>", cmd_dev_show,
	  "show everything about one device", con_gen_dev },
	{ "dev add", GRAM_SPEC_DEV_ADD, cmd_dev_add,
	  "add a device by hand and try to bind it; bus=pci: function 0 of slot N or the first free slot",
	  gen_dev_add },
	{ "dev set", GRAM_SPEC_DEV_SET, cmd_dev_set,
	  "set a device's DMA mask (in bits), max segment size, segment boundary or driver_override",
	  gen_dev_set },
	{ "dev unbind", "<dev>", cmd_dev_unbind,
	  "unbind a device from its driver (sysfs unbind)", con_gen_dev },
	{ "dev bind", "<dev> <driver>", cmd_dev_bind,
	  "bind a device to a loaded driver (sysfs bind), e.g. vfio-pci after driver_override",
	  gen_dev_bind },
	{ "dev del", "<dev>", cmd_dev_del, "unbind and remove a device", con_gen_dev },
	{ .name = NULL }
};
