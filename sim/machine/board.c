/*
 * Booting and tearing down a board, and devices added by hand.  Booting
 * follows the kernel's order: the device tree is populated into platform
 * devices first (of_platform_default_populate), then the built-in drivers
 * register in initcall order, then late_initcall enables deferred probing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/hw.h>
#include <sim/io.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/irq.h>
#include <sim/mem.h>
#include <sim/name.h>
#include <sim/of.h>
#include <sim/sim.h>
#include <sim/vfio.h>


static bool node_is_bus(const struct device_node *np)
{
	return of_device_is_compatible(np, "simple-bus");
}

/*
 * Makes platform devices for the children of @bus, walking simple-buses.
 * A device that cannot be allocated is left out and the rest go on, as
 * of_platform_bus_create() does: the board boots without it.  Returns 0,
 * or -errno with a reason in @err.
 */
static int populate_bus(struct sim *sim, struct device_node *bus, char *err, size_t errlen)
{
	for (struct device_node *np = bus->child; np; np = np->sibling) {
		struct device *dev;
		char *name;
		int ret;

		if (!of_find_property(np, "compatible") || !of_device_is_available(np))
			continue;
		if (node_is_bus(np)) {
			ret = populate_bus(sim, np, err, errlen);
			if (ret)
				return ret;
			continue;
		}
		name = of_node_dev_name(np);
		if (!name) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		dev = device_alloc(sim, name, &platform_bus_type, np);
		if (!dev) {
			free(name);
			continue;
		}
		ret = device_add(dev);
		if (ret) {
			if (ret == -EEXIST)
				snprintf(err, errlen, "two nodes make a device named '%s' (the second is %s)",
					 name, np->path);
			else
				snprintf(err, errlen, "cannot add device '%s'", name);
			device_unregister(dev);
		}
		free(name);
		if (ret)
			return ret;
	}
	return 0;
}

void sim_board_teardown(struct sim *sim)
{
	SIM_ENTER(sim);
	vfio_release_all(sim);
	driver_unregister_all(sim);
	while (!list_empty(&sim->devices))
		device_unregister(list_entry(sim->devices.prev, struct device,
					     sim_node));
	iommu_sim_teardown(sim);
	sim_hw_destroy_all(sim);
	sim_irq_teardown(sim);
	sim_mem_reset(sim->mem);
	while (!list_empty(&sim->timers))
		sim_timer_cancel(list_first_entry(&sim->timers,
						  struct sim_timer, node));
	of_tree_free(sim->of);
	sim->of = NULL;
	free(sim->board_name);
	sim->board_name = NULL;
	memset(&sim->dd, 0, sizeof(sim->dd));
	INIT_LIST_HEAD(&sim->dd.pending);
	INIT_LIST_HEAD(&sim->dd.active);
	sim->now = 0;
	sim->timer_seq = 0;
	sim->guest_errors = 0;
	sim_trace_clear(sim);
	sim_klog_clear(sim);
}

/*
 * Declares the RAM of every top-level "memory" node, reading reg with the
 * root's #address-cells and #size-cells (1 or 2 each).  Returns 0, or
 * -EINVAL with a reason in @err.
 */
static int board_add_ram(struct sim *sim, struct of_tree *tree, char *err, size_t errlen)
{
	u32 ac = 2, sc = 2;

	of_property_read_u32(tree->root, "#address-cells", &ac);
	of_property_read_u32(tree->root, "#size-cells", &sc);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		snprintf(err, errlen, "the root's #address-cells and #size-cells must be 1 or 2");
		return -EINVAL;
	}
	for (struct device_node *np = tree->root->child; np; np = np->sibling) {
		const char *type = of_get_property(np, "device_type", NULL);
		int len = 0;

		if (!type || strcmp(type, "memory") || !of_get_property(np, "reg", &len))
			continue;
		for (u32 i = 0; (i + ac + sc) * 4 <= (u32)len; i += ac + sc) {
			u64 base = 0, size = 0;
			const char *why = NULL;
			u32 cell;

			for (u32 j = 0; j < ac; j++) {
				of_property_read_u32_index(np, "reg", i + j, &cell);
				base = base << 32 | cell;
			}
			for (u32 j = 0; j < sc; j++) {
				of_property_read_u32_index(np, "reg", i + ac + j, &cell);
				size = size << 32 | cell;
			}
			if (!size)
				why = "is empty";
			else if (base + size - 1 < base)
				why = "runs past the top of the address space";
			else if (sim_mem_add_ram(sim->mem, base, size))
				why = "overlaps other memory";
			if (why) {
				snprintf(err, errlen, "memory node '%s': range 0x%llx size 0x%llx %s",
					 np->full_name, (unsigned long long)base,
					 (unsigned long long)size, why);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* The model whose registers overlap @np's first "reg" entry, or NULL. */
static const char *mmio_overlapping(struct sim *sim, const struct device_node *np)
{
	struct sim_mmio_region *r;
	u64 base, size;

	if (of_reg_read(np, 0, &base, &size) || !size)
		return NULL;
	list_for_each_entry(r, &sim->mmio, node)
		if (base <= r->base + r->size - 1 && r->base <= base + size - 1)
			return r->name;
	return NULL;
}

static bool early_driver(const struct sim_module *mod)
{
	for (const struct sim_module *const *e = sim_builtin_early_drivers; *e; e++)
		if (*e == mod)
			return true;
	return false;
}

/*
 * The built-in drivers in link order; an era whose IOMMU came up before
 * the masters (ERA_IOMMU_DRIVERS_FIRST) starts the IOMMU and SMI drivers
 * first.
 */
static void init_builtin_drivers(struct sim *sim)
{
	bool early_first = sim_era_has(sim, ERA_IOMMU_DRIVERS_FIRST);

	if (early_first)
		for (const struct sim_module *const *e = sim_builtin_early_drivers; *e; e++)
			(*e)->init();
	for (size_t i = 0; i < sim_builtin_driver_count; i++)
		if (!early_first || !early_driver(sim_builtin_drivers[i]))
			sim_builtin_drivers[i]->init();
}

int sim_board_boot(struct sim *sim, const char *name, const void *fdt,
		   size_t size, unsigned int flags, char *err, size_t errlen)
{
	SIM_ENTER(sim);
	struct device_node *failed = NULL;
	struct of_tree *tree;
	char *board_name, why[320] = "";
	int ret;

	tree = of_tree_from_fdt(fdt, size, err, errlen);
	if (!tree)
		return -EINVAL;
	board_name = strdup(name);
	if (!board_name) {
		of_tree_free(tree);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}

	sim_board_teardown(sim);
	sim->of = tree;
	sim->board_name = board_name;
	ret = board_add_ram(sim, tree, why, sizeof(why));
	if (ret)
		goto out_teardown;
	sim->params = sim->boot_params;
	ret = sim_hw_create_all(sim, &failed);
	if (ret) {
		const char *dev = failed->label ? failed->label : failed->full_name;
		const char *other = ret == -EBUSY ? mmio_overlapping(sim, failed) : NULL;

		if (other)
			snprintf(why, sizeof(why), "the registers of '%s' overlap those of '%s'",
				 dev, other);
		else
			snprintf(why, sizeof(why), "cannot make the hardware model of '%s'", dev);
		goto out_teardown;
	}
	deferred_probe_init(sim);
	sim->dd.timeout = sim->params.deferred_probe_timeout;
	trace_boot(sim, name);

	ret = populate_bus(sim, tree->root, why, sizeof(why));
	if (ret)
		goto out_teardown;
	iommu_subsys_log(sim);
	if (!(flags & BOARD_NO_DRIVERS))
		init_builtin_drivers(sim);
	deferred_probe_initcall(sim);
	sim_run_due(sim);
	return 0;

out_teardown:
	snprintf(err, errlen, "board '%s': %s", name, why);
	sim_board_teardown(sim);
	return ret;
}

int sim_board_replace(struct sim **simp, const char *name, const void *fdt,
		      size_t size, unsigned int flags, char *err, size_t errlen)
{
	struct sim *old = *simp, *next = sim_new();
	sim_klog_listener klog_fn = old->klog.listener;
	void *klog_ctx = old->klog.listener_ctx;
	bool tracing = old->trace.enabled;
	int ret;

	if (!next) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	next->era = old->era;
	next->boot_params = old->boot_params;
	sim_fault_move(next, old);
	/* Everything the boot says is kept, to be heard once it has won. */
	sim_trace_enable(next, true);
	ret = sim_board_boot(next, name, fdt, size, flags, err, errlen);
	if (ret) {
		/* Its kernel log is heard (a forced failure says so there), not kept. */
		for (size_t i = 0; klog_fn && i < sim_klog_count(next); i++)
			klog_fn(next, sim_klog_get(next, i), klog_ctx);
		sim_fault_move(old, next);
		sim_free(next);
		return ret;
	}

	/* The old machine goes first, heard as it goes, as in a reboot. */
	sim_board_teardown(old);
	sim_trace_listeners_move(next, old);
	sim_free(old);
	*simp = next;
	sim_klog_set_listener(next, klog_fn, klog_ctx);
	for (size_t i = 0; klog_fn && i < sim_klog_count(next); i++)
		klog_fn(next, sim_klog_get(next, i), klog_ctx);
	sim_trace_replay(next);
	if (!tracing) {
		sim_trace_clear(next);
		sim_trace_enable(next, false);
	}
	return 0;
}

static struct device_node *find_pci_bridge(const struct of_tree *tree)
{
	for (size_t i = 0; i < tree->count; i++) {
		const char *type = of_get_property(tree->nodes[i], "device_type", NULL);

		if (type && !strcmp(type, "pci"))
			return tree->nodes[i];
	}
	return NULL;
}

/* The PCI device number of a function node on a host bridge, from its "reg". */
static int pci_node_slot(const struct device_node *np)
{
	u32 hi;

	if (of_property_read_u32(np, "reg", &hi))
		return -1;
	return (hi >> 11) & 0x1f;
}

/* The first function node in device @slot of @bridge's root bus, or NULL. */
static struct device_node *pci_slot_user(struct device_node *bridge, int slot)
{
	for (struct device_node *np = bridge->child; np; np = np->sibling)
		if (pci_node_slot(np) == slot)
			return np;
	return NULL;
}

/* The first free device number from 1 on @bridge's root bus, or -ENOSPC. */
static int pci_free_slot(struct device_node *bridge)
{
	for (int slot = 1; slot < 32; slot++)
		if (!pci_slot_user(bridge, slot))
			return slot;
	return -ENOSPC;
}

/* Where @spec's function goes on @bridge: its slot, checked, or a free one. */
static int pci_spec_slot(struct device_node *bridge, const struct sim_dev_spec *spec,
			 char *err, size_t errlen)
{
	const struct device_node *user;
	int slot;

	if (!spec->slot_given) {
		slot = pci_free_slot(bridge);
		if (slot < 0)
			snprintf(err, errlen, "no free PCI slot");
		return slot;
	}
	if (spec->slot > 31) {
		snprintf(err, errlen, "PCI slot %u is out of range (0 to 31)", spec->slot);
		return -EINVAL;
	}
	user = pci_slot_user(bridge, spec->slot);
	if (user) {
		snprintf(err, errlen, "PCI slot 00:%02x is taken by '%s'", spec->slot,
			 user->label ? user->label : user->full_name);
		return -EBUSY;
	}
	return spec->slot;
}

/* The built-in driver whose match table names @bridge, or NULL. */
static const struct device_driver *pci_host_driver(const struct device_node *bridge)
{
	for (size_t i = 0; i < sim_builtin_driver_count; i++) {
		const struct device_driver *drv = sim_builtin_drivers[i]->driver;

		if (drv->of_match_table && of_match_node(drv->of_match_table, bridge))
			return drv;
	}
	return NULL;
}

/*
 * Whether @bridge's root bus exists.  In Linux it does once the host
 * bridge's driver has probed (pci-host-generic's probe creates and scans
 * it) and until that driver is unbound, which removes it with every
 * function on it.  Returns 0, or -ENODEV with what is missing and the
 * command that brings the bus in @err.
 */
static int pci_root_bus_check(struct sim *sim, const struct device_node *bridge,
			      char *err, size_t errlen)
{
	const char *name = bridge->label ? bridge->label : bridge->full_name;
	const struct device_driver *host = pci_host_driver(bridge);
	const struct device *dev = bridge->dev;

	if (!dev) {
		snprintf(err, errlen, "no PCI bus: host bridge '%s' was deleted; reset brings it back",
			 name);
	} else if (dev->driver && dev->driver == host) {
		return 0;
	} else if (dev->driver) {
		snprintf(err, errlen, "no PCI bus: host bridge '%s' is bound to '%s'; dev unbind %s first",
			 name, dev->driver->name, name);
	} else if (!host) {
		snprintf(err, errlen, "no PCI bus: host bridge '%s' has no driver, and no built-in driver matches it",
			 name);
	} else if (driver_is_registered(sim, host)) {
		snprintf(err, errlen, "no PCI bus: host bridge '%s' has no driver; dev bind %s %s first",
			 name, name, host->name);
	} else {
		snprintf(err, errlen, "no PCI bus: host bridge '%s' has no driver; drv load %s first",
			 name, host->name);
	}
	return -ENODEV;
}

static u32 node_phandle(struct of_tree *tree, struct device_node *np)
{
	u32 max = 0, be;

	if (np->phandle)
		return np->phandle;
	for (size_t i = 0; i < tree->count; i++)
		if (tree->nodes[i]->phandle > max)
			max = tree->nodes[i]->phandle;
	np->phandle = max + 1;
	be = __builtin_bswap32(np->phandle);
	of_node_set_property(np, "phandle", &be, sizeof(be));
	return np->phandle;
}

static int check_spec(struct sim *sim, const struct sim_dev_spec *spec,
		      struct device_node **iommu, struct device_node **larb,
		      struct device_node **bridge, char *err, size_t errlen)
{
	int slot, ret;
	u32 cells;

	*iommu = *larb = *bridge = NULL;
	if (!sim->of) {
		snprintf(err, errlen, "no board loaded");
		return -ENODEV;
	}
	if (!sim_name_valid(spec->name)) {
		snprintf(err, errlen, "bad device name: %s", SIM_NAME_RULE);
		return -EINVAL;
	}
	if (sim_find_device(sim, spec->name) ||
	    of_find_node_by_label(sim->of, spec->name)) {
		snprintf(err, errlen, "device '%s' already exists", spec->name);
		return -EEXIST;
	}
	if (!spec->compatible || !*spec->compatible) {
		snprintf(err, errlen, "no compatible string");
		return -EINVAL;
	}
	if (spec->iommu) {
		if (spec->pci) {
			snprintf(err, errlen, "a PCI device gets its IOMMU from the host bridge's iommu-map, not iommus=");
			return -EINVAL;
		}
		*iommu = of_find_node_by_label(sim->of, spec->iommu);
		if (!*iommu) {
			snprintf(err, errlen, "no iommu node '%s'", spec->iommu);
			return -ENODEV;
		}
		if (of_property_read_u32(*iommu, "#iommu-cells", &cells) || cells != 1) {
			snprintf(err, errlen, "node '%s' does not have #iommu-cells = <1>",
				 spec->iommu);
			return -EINVAL;
		}
		if (spec->nr_ids < 1 || spec->nr_ids > (int)ARRAY_SIZE(spec->ids)) {
			snprintf(err, errlen, "iommus= needs 1 to %zu IDs",
				 ARRAY_SIZE(spec->ids));
			return -EINVAL;
		}
	}
	if (spec->larb) {
		*larb = of_find_node_by_label(sim->of, spec->larb);
		if (!*larb || !of_device_is_compatible(*larb, "mediatek,mt8173-smi-larb")) {
			snprintf(err, errlen, "no smi larb '%s'", spec->larb);
			return -ENODEV;
		}
	}
	if (spec->pci) {
		*bridge = find_pci_bridge(sim->of);
		if (!*bridge) {
			snprintf(err, errlen, "board '%s' has no PCI host bridge",
				 sim->board_name);
			return -ENODEV;
		}
		ret = pci_root_bus_check(sim, *bridge, err, errlen);
		if (ret)
			return ret;
		slot = pci_spec_slot(*bridge, spec, err, errlen);
		if (slot < 0)
			return slot;
	} else if (spec->slot_given) {
		snprintf(err, errlen, "a slot is for a PCI device (bus=pci)");
		return -EINVAL;
	}
	return 0;
}

int sim_dev_create(struct sim *sim, const struct sim_dev_spec *spec,
		   char *err, size_t errlen)
{
	SIM_ENTER(sim);
	struct device_node *iommu, *larb, *bridge, *np;
	struct device *dev;
	int ret;

	ret = check_spec(sim, spec, &iommu, &larb, &bridge, err, errlen);
	if (ret)
		return ret;

	np = of_node_new(sim->of, bridge, spec->name, spec->name);
	if (!np) {
		snprintf(err, errlen, "cannot make a device-tree node '%s' (name taken)",
			 spec->name);
		return -EEXIST;
	}
	np->runtime = true;
	if (of_node_set_property(np, "compatible", spec->compatible,
				 strlen(spec->compatible) + 1))
		goto out_remove;
	if (iommu) {
		u32 cells[2 * ARRAY_SIZE(spec->ids)];
		u32 ph = __builtin_bswap32(node_phandle(sim->of, iommu));

		for (int i = 0; i < spec->nr_ids; i++) {
			cells[2 * i] = ph;
			cells[2 * i + 1] = __builtin_bswap32(spec->ids[i]);
		}
		if (of_node_set_property(np, "iommus", cells,
					 spec->nr_ids * 2 * sizeof(u32)))
			goto out_remove;
	}
	if (larb) {
		u32 ph = __builtin_bswap32(node_phandle(sim->of, larb));

		if (of_node_set_property(np, "mediatek,larb", &ph, sizeof(ph)))
			goto out_remove;
	}
	if (bridge) {
		int slot = pci_spec_slot(bridge, spec, err, errlen);
		u32 reg[5] = { __builtin_bswap32(slot << 11) };

		if (of_node_set_property(np, "reg", reg, sizeof(reg)))
			goto out_remove;
		dev = device_alloc(sim, spec->name, &pci_bus_type, np);
		if (dev) {
			dev->pci_bdf = slot << 3;
			/* on the root bus: its parent is the host bridge, as enumeration's */
			dev->parent = bridge->dev;
		}
	} else {
		dev = device_alloc(sim, spec->name, &platform_bus_type, np);
	}
	if (!dev)
		goto out_remove;
	ret = sim_hw_create_node(sim, np);
	if (ret) {
		snprintf(err, errlen, "cannot make the hardware model of '%s' (%s)",
			 spec->name, sim_errname(ret));
		device_unregister(dev);
		of_node_remove(sim->of, np);
		return ret;
	}
	np->dev = dev;
	ret = device_add(dev);
	sim_run_due(sim);
	return ret;

out_remove:
	of_node_remove(sim->of, np);
	snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

int sim_dev_destroy(struct sim *sim, const char *name)
{
	SIM_ENTER(sim);
	struct device *dev = sim_find_device(sim, name);
	struct device_node *np;

	if (!dev)
		return -ENODEV;
	np = dev->of_node;
	device_unregister(dev);
	/* Nodes made by dev add go with their device; board nodes stay. */
	if (np && np->runtime && !np->child) {
		sim_hw_destroy_node(sim, np);
		of_node_remove(sim->of, np);
	}
	sim_run_due(sim);
	return 0;
}

/* Deeper chains than this do not occur on any board; a cycle stops here. */
#define AFFECTED_MAX_DEPTH	32

static bool dev_affected(const struct device *dev, const struct device *victim,
			 const struct device_driver *drv, int depth)
{
	const struct device_link *link;
	const struct iommu_device *iommu;

	if (!dev || depth > AFFECTED_MAX_DEPTH)
		return false;
	if (dev == victim || (drv && dev->driver == drv))
		return true;
	if (dev_affected(dev->parent, victim, drv, depth + 1))
		return true;
	iommu = dev->iommu ? dev->iommu->iommu_dev : NULL;
	if (iommu && dev_affected(iommu->dev, victim, drv, depth + 1))
		return true;
	if (!dev->driver)
		return false;
	list_for_each_entry(link, &dev->links.suppliers, c_node)
		if ((link->flags & DL_FLAG_MANAGED) &&
		    dev_affected(link->supplier, victim, drv, depth + 1))
			return true;
	return false;
}

bool sim_dev_affected(const struct device *dev, const struct device *victim,
		      const struct device_driver *drv)
{
	return dev_affected(dev, victim, drv, 0);
}

int sim_removal_check(struct sim *sim, const struct device *victim,
		      const struct device_driver *drv, char *err, size_t errlen)
{
	struct device *dev;

	list_for_each_entry(dev, &sim->devices, sim_node) {
		struct iommu_group *group = dev->iommu_group;
		struct vfio_container *c;

		if (!group || !group->owner || !sim_dev_affected(dev, victim, drv))
			continue;
		/*
		 * The device's own removal or unbind runs its VFIO driver's
		 * remove, which waits only for open device files (none here)
		 * and takes the group out of its container.
		 */
		if (dev == victim || (drv && dev->driver == drv))
			continue;
		c = vfio_group_container(sim, group, NULL);
		snprintf(err, errlen, "device '%s' is in group %d, which VFIO container '%s' holds; vfio detach it first",
			 dev_name(dev), group->id, c ? c->name : "?");
		return -EBUSY;
	}
	return 0;
}
