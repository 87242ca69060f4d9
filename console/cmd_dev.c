/*
 * Device commands: listing and showing devices, and adding and removing
 * devices by hand.
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
#include "parse.h"

static const char *dev_state(const struct device *dev)
{
	if (dev->driver)
		return "bound";
	if (device_is_deferred(dev))
		return "deferred";
	return "unbound";
}

static const char *dev_dma(const struct device *dev)
{
	switch (dev->dma_ops) {
	case DMA_OPS_DIRECT:
		return "direct";
	case DMA_OPS_IOMMU:
		return "iommu";
	default:
		return "-";
	}
}

static int cmd_dev_list(struct con *con, int argc, char **argv)
{
	struct device *dev;

	list_for_each_entry(dev, &con->sim->devices, sim_node)
		fprintf(con->out, "%s bus=%s driver=%s state=%s dma=%s\n",
			dev_name(dev), dev->bus ? dev->bus->name : "-",
			dev->driver ? dev->driver->name : "-", dev_state(dev),
			dev_dma(dev));
	return 0;
}

struct device *con_find_dev(struct con *con, const char *name)
{
	struct device *dev = sim_find_device(con->sim, name);

	if (!dev)
		con_err(con, -ENODEV, "no device '%s'", name);
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
 * for the same IOMMU sharing its label, other IOMMUs after a space.
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
			fprintf(con->out, "%s%u", c ? "," : "", args.args[c]);
		last = args.np;
	}
	fprintf(con->out, "%s\n", last ? "" : "-");
}

static int cmd_dev_show(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	const struct device_node *np;
	FILE *out = con->out;

	if (!dev)
		return -1;
	np = dev->of_node;
	fprintf(out, "name: %s\n", dev_name(dev));
	fprintf(out, "bus: %s\n", dev->bus ? dev->bus->name : "-");
	show_compatible(con, np);
	fprintf(out, "of-node: %s\n", np && np->path ? np->path : "-");
	fprintf(out, "driver: %s\n", dev->driver ? dev->driver->name : "-");
	fprintf(out, "state: %s\n", dev_state(dev));
	if (!dev->driver && device_is_deferred(dev)) {
		const char *reason = dev->deferred_probe_reason;
		size_t len = reason ? strcspn(reason, "\n") : 0;

		if (len)
			fprintf(out, "deferred-reason: %.*s\n", (int)len, reason);
		else
			fprintf(out, "deferred-reason: -\n");
	}
	fprintf(out, "probe-attempts: %u\n", dev->probe_attempts);
	fprintf(out, "dma: %s\n", dev_dma(dev));
	fprintf(out, "dma-mask: 0x%llx\n", (unsigned long long)dev->dma_mask);
	fprintf(out, "max-segment-size: 0x%x\n", dev->max_segment_size);
	fprintf(out, "seg-boundary-mask: 0x%lx\n", dev->seg_boundary_mask);
	show_links(con, dev, true);
	show_links(con, dev, false);
	show_iommus(con, np);
	if (dev->iommu_group)
		fprintf(con->out, "iommu-group: %d domain=%s\n",
			iommu_group_id(dev->iommu_group),
			dev->iommu_group->domain ? dev->iommu_group->domain->name : "none");
	else
		fputs("iommu-group: -\n", con->out);
	return 0;
}

enum dev_key {
	KEY_COMPATIBLE,
	KEY_IOMMUS,
	KEY_LARB,
	KEY_BUS,
	KEY_COUNT
};

static const char *const dev_keys[KEY_COUNT] = {
	[KEY_COMPATIBLE] = "compatible",
	[KEY_IOMMUS] = "iommus",
	[KEY_LARB] = "larb",
	[KEY_BUS] = "bus",
};

/* Parses "IOMMU:ID[,ID...]" into @spec, the label copied to @label. */
static int parse_iommus(struct con *con, const char *value, struct sim_dev_spec *spec,
			char *label, size_t size)
{
	const char *colon = strchr(value, ':');
	const char *p;
	char err[160];

	if (!colon || colon == value || !colon[1])
		return con_err(con, 0, "bad iommus '%s' (use <iommu>:<id>[,<id>...])", value);
	if ((size_t)(colon - value) >= size)
		return con_err(con, 0, "bad iommus '%s': name too long", value);
	memcpy(label, value, colon - value);
	label[colon - value] = '\0';
	spec->iommu = label;

	for (p = colon + 1; ; ) {
		size_t len = strcspn(p, ",");
		char id[32];
		u64 v;

		if (spec->nr_ids == (int)ARRAY_SIZE(spec->ids))
			return con_err(con, 0, "bad iommus '%s': more than %zu ids", value,
				       ARRAY_SIZE(spec->ids));
		if (!len || len >= sizeof(id))
			return con_err(con, 0, "bad iommus '%s' (use <iommu>:<id>[,<id>...])",
				       value);
		memcpy(id, p, len);
		id[len] = '\0';
		if (con_parse_u64(id, &v, err, sizeof(err)))
			return con_err(con, 0, "bad iommus '%s': %s", value, err);
		if (v > UINT32_MAX)
			return con_err(con, 0, "bad iommus '%s': '%s' is too large", value, id);
		spec->ids[spec->nr_ids++] = v;
		if (!p[len])
			break;
		p += len + 1;
	}
	return 0;
}

static int cmd_dev_add(struct con *con, int argc, char **argv)
{
	struct sim_dev_spec spec = { .name = argv[0] };
	bool seen[KEY_COUNT] = { false };
	char iommu[128], err[256] = "";
	int ret;

	if (con_check_name(con, "device", argv[0]))
		return -1;
	for (int i = 1; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		const char *value;
		size_t klen;
		int key;

		if (!eq)
			return con_err(con, 0, "'%s' is not key=value", argv[i]);
		klen = eq - argv[i];
		value = eq + 1;
		for (key = 0; key < KEY_COUNT; key++)
			if (strlen(dev_keys[key]) == klen && !strncmp(dev_keys[key], argv[i], klen))
				break;
		if (key == KEY_COUNT)
			return con_err(con, 0, "unknown key '%.*s' (use compatible, iommus, larb or bus)",
				       (int)klen, argv[i]);
		if (seen[key])
			return con_err(con, 0, "'%s' given twice", dev_keys[key]);
		seen[key] = true;
		if (!*value)
			return con_err(con, 0, "empty value for '%s'", dev_keys[key]);

		switch (key) {
		case KEY_COMPATIBLE:
			spec.compatible = value;
			break;
		case KEY_IOMMUS:
			if (parse_iommus(con, value, &spec, iommu, sizeof(iommu)))
				return -1;
			break;
		case KEY_LARB:
			spec.larb = value;
			break;
		case KEY_BUS:
			if (!strcmp(value, "pci"))
				spec.pci = true;
			else if (strcmp(value, "platform"))
				return con_err(con, 0, "bad bus '%s' (use platform or pci)", value);
			break;
		}
	}
	if (!spec.compatible)
		return con_err(con, 0, "missing compatible=<str>");
	if (!con->sim->of)
		return con_err(con, 0, "no board loaded");

	ret = sim_dev_create(con->sim, &spec, err, sizeof(err));
	if (ret)
		return con_err(con, ret, "%s", err[0] ? err : "cannot add the device");
	return 0;
}

/* dev set DEV dma-mask BITS | max-seg BYTES | seg-boundary MASK */
static int cmd_dev_set(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	char err[160];
	u64 v;

	if (!dev)
		return -1;
	if (con_parse_size(argv[2], &v, err, sizeof(err)))
		return con_err(con, 0, "bad value: %s", err);
	if (!strcmp(argv[1], "dma-mask")) {
		int ret;

		if (v < 1 || v > 64)
			return con_err(con, -EINVAL, "a DMA mask is 1 to 64 bits, not %llu",
				       (unsigned long long)v);
		ret = dma_set_mask(dev, DMA_BIT_MASK(v));
		if (ret)
			return con_err(con, ret, "dma_set_mask(%llu bits) refused",
				       (unsigned long long)v);
		dev->coherent_dma_mask = DMA_BIT_MASK(v);
		fprintf(con->out, "%s dma-mask=0x%llx\n", dev_name(dev),
			(unsigned long long)dev->dma_mask);
	} else if (!strcmp(argv[1], "max-seg")) {
		if (!v || v > 0xffffffffULL)
			return con_err(con, -EINVAL, "max-seg 0x%llx is not 1..0xffffffff",
				       (unsigned long long)v);
		dev->max_segment_size = v;
		fprintf(con->out, "%s max-seg=0x%x\n", dev_name(dev), dev->max_segment_size);
	} else if (!strcmp(argv[1], "seg-boundary")) {
		/* dma-iommu counts on a power of two less one, at least a page. */
		if (v < SZ_4K - 1 || (v & (v + 1)))
			return con_err(con, -EINVAL,
				       "seg-boundary 0x%llx is not 2^n - 1 of at least 0xfff",
				       (unsigned long long)v);
		dev->seg_boundary_mask = v;
		fprintf(con->out, "%s seg-boundary=0x%lx\n", dev_name(dev),
			dev->seg_boundary_mask);
	} else {
		return con_err(con, 0, "unknown parameter '%s' (dma-mask, max-seg, seg-boundary)",
			       argv[1]);
	}
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
			for (int k = 0; k < KEY_COUNT; k++)
				con_scratch_add(con, "%s=", dev_keys[k]);
		}
	}
	return con_scratch_get(con, idx);
}

const struct con_cmd con_dev_cmds[] = {
	{ "dev list", "", cmd_dev_list,
	  "list the devices with their driver, probe state and DMA ops", NULL },
	{ "dev show", "<dev>", cmd_dev_show,
	  "show everything about one device", con_gen_dev },
	{ "dev add",
	  "<name> compatible=<str> [iommus=<iommu>:<id>[,<id>...]] [larb=<larb>] [bus=platform|pci]",
	  cmd_dev_add, "add a device by hand and try to bind it", gen_dev_add },
	{ "dev set", "<dev> dma-mask|max-seg|seg-boundary <value>", cmd_dev_set,
	  "set a device's DMA mask (in bits), max segment size or segment boundary", con_gen_dev },
	{ "dev del", "<dev>", cmd_dev_del, "unbind and remove a device", con_gen_dev },
	{ .name = NULL }
};
