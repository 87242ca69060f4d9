/*
 * Making, adding and removing devices.
 */
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/dma-mapping.h>
#include <sim/errno.h>
#include <sim/hw.h>
#include <sim/of.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include <linux/platform_device.h>

#include "core.h"

/* Frees @dev's names and whatever embeds it. */
static void device_free(struct device *dev)
{
	free(dev->name);
	free(dev->kernel_name);
	free(dev->driver_override);
	if (dev->release)
		dev->release(dev);
	else
		free(dev);
}

/*
 * Whether @np's "reg" translates to a CPU address, as 6.1's
 * of_translate_address() decides it: every bus node between it and the
 * root has "ranges" (the simulated buses map 1:1, so the address is reg's).
 */
static bool of_reg_translates(const struct device_node *np, u64 *addr)
{
	u64 size;

	for (const struct device_node *bus = np->parent; bus && bus->parent; bus = bus->parent)
		if (!of_find_property(bus, "ranges"))
			return false;
	return !of_reg_read(np, 0, addr, &size);
}

/*
 * The name 6.1's of_device_make_bus_id() gives a platform device made
 * from @np: "ADDR.NAME" (or "ADDR.SHIFT.NAME" with a "mask") from the
 * first node up the tree whose reg translates, after the base names of
 * the nodes below it, each followed by ':'.  NULL if out of memory.
 */
static char *of_device_kernel_name(const struct device_node *np)
{
	char *name = NULL, *next;
	u64 addr;
	u32 mask;
	int ret;

	for (; np->parent; np = np->parent) {
		bool translates = of_reg_translates(np, &addr);

		if (translates && !of_property_read_u32(np, "mask", &mask))
			ret = asprintf(&next, "%llx.%x.%s%s%s", (unsigned long long)addr,
				       __builtin_ffs(mask) - 1, np->name, name ? ":" : "",
				       name ? name : "");
		else if (translates)
			ret = asprintf(&next, "%llx.%s%s%s", (unsigned long long)addr,
				       np->name, name ? ":" : "", name ? name : "");
		else
			ret = asprintf(&next, "%s%s%s", np->full_name, name ? ":" : "",
				       name ? name : "");
		free(name);
		name = ret < 0 ? NULL : next;
		if (!name || translates)
			break;
	}
	return name;
}

/*
 * The kernel's name of a device on @bus for @np: a PCI function's
 * "DOMAIN:BUS:SLOT.FUNC" (pci_setup_device(); one domain, 0000), a
 * platform device's of_device_kernel_name().  NULL when the kernel's
 * name would be the console's (no node), or out of memory.
 */
static char *device_kernel_name(const struct device *dev)
{
	char *name;

	if (!dev->of_node)
		return NULL;
	if (dev->bus == &pci_bus_type)
		return asprintf(&name, "0000:%02x:%02x.%d", dev->pci_bdf >> 8,
				(dev->pci_bdf >> 3) & 0x1f, dev->pci_bdf & 7) < 0 ? NULL : name;
	return of_device_kernel_name(dev->of_node);
}

struct device *device_alloc(struct sim *sim, const char *name,
			    const struct bus_type *bus, struct device_node *np)
{
	SIM_ENTER(sim);
	struct device *dev = bus == &platform_bus_type ? platform_device_alloc_node(np) :
			     bus == &pci_bus_type ? pci_device_alloc_node(np) :
			     kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return NULL;
	dev->name = kstrdup(name, GFP_KERNEL);
	if (!dev->name) {
		device_free(dev);
		return NULL;
	}
	dev->bus = bus;
	dev->of_node = np;
	dev->kernel_name = device_kernel_name(dev);
	if (bus == &platform_bus_type)
		to_platform_device(dev)->name = dev->name;
	dev->refcount = 1;
	dev->sim = sim;
	dev->bus = bus;
	dev->of_node = np;
	INIT_LIST_HEAD(&dev->sim_node);
	INIT_LIST_HEAD(&dev->driver_node);
	INIT_LIST_HEAD(&dev->devres_head);
	INIT_LIST_HEAD(&dev->deferred_probe);
	INIT_LIST_HEAD(&dev->links.suppliers);
	INIT_LIST_HEAD(&dev->links.consumers);
	INIT_LIST_HEAD(&dev->dma_debug);
	dev->links.status = DL_DEV_NO_DRIVER;
	/*
	 * The DMA parameters a new device starts with: 32-bit masks, 64 KiB
	 * segments (dma_get_max_seg_size() without dma_parms set), and the
	 * boundary the bus gives: none for platform devices, 4 GiB for PCI
	 * (pci_setup_device()).
	 */
	dev->dma_mask = DMA_BIT_MASK(32);
	dev->coherent_dma_mask = DMA_BIT_MASK(32);
	dev->max_segment_size = SZ_64K;
	dev->seg_boundary_mask = bus == &pci_bus_type ? 0xffffffffUL : ~0UL;
	return dev;
}

static int device_name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct device *)a)->name, ((const struct device *)b)->name);
}

struct device *sim_find_device(struct sim *sim, const char *name)
{
	struct device key = { .name = (char *)name };
	void **slot = tfind(&key, &sim->device_names, device_name_cmp);

	return slot ? *slot : NULL;
}

int device_add(struct device *dev)
{
	SIM_ENTER(dev->sim);
	struct sim *sim = dev->sim;
	void **slot;

	if (sim_find_device(sim, dev->name))
		return -EEXIST;
	slot = tsearch(dev, &sim->device_names, device_name_cmp);
	if (!slot)
		return -ENOMEM;
	list_add_tail(&dev->sim_node, &sim->devices);
	dev->registered = true;
	dev->power.in_dpm_list = true;
	get_device(dev->parent);
	if (dev->of_node)
		dev->of_node->dev = dev;
	trace_device_add(sim, dev_name(dev), dev->bus->name);
	bus_notify(dev, BUS_NOTIFY_ADD_DEVICE);
	bus_probe_device(dev);
	return 0;
}

struct device *get_device(struct device *dev)
{
	if (dev)
		dev->refcount++;
	return dev;
}

void put_device(struct device *dev)
{
	if (!dev)
		return;
	if (dev->refcount == 0) {
		/* kobject_put()'s kref underflows: refcount_warn_saturate() WARNs */
		sim_warn_report(dev->sim, "lib/refcount.c", 28, "refcount_warn_saturate",
				"refcount_t: underflow; use-after-free.");
		trace_bug_put_device_freed(dev);
		return;
	}
	if (--dev->refcount)
		return;
	device_free(dev);
}

/*
 * 6.1's device_del() order: the node forgets the device, the bus hears
 * it is going (BUS_NOTIFY_DEL_DEVICE), the driver is unbound (a
 * supplier's managed consumers first), it leaves the PM core's list (no
 * link can name it supplier any more), the links left are dropped, the
 * bus hears it is gone (BUS_NOTIFY_REMOVED_DEVICE: the IOMMU core lets go
 * of it), and the reference device_add() took on the parent goes last.
 * A device that device_add() refused was never on the bus: nobody hears.
 */
void device_del(struct device *dev)
{
	SIM_ENTER(dev->sim);
	struct sim *sim = dev->sim;

	if (dev->of_node && dev->of_node->dev == dev)
		dev->of_node->dev = NULL;
	if (dev->registered)
		bus_notify(dev, BUS_NOTIFY_DEL_DEVICE);
	device_release_driver(dev);
	/* it can supply no new link from here (6.1's device_pm_remove()) */
	dev->power.in_dpm_list = false;
	driver_deferred_probe_del(dev);
	device_links_purge(dev);
	if (dev->registered) {
		bus_notify(dev, BUS_NOTIFY_REMOVED_DEVICE);
		list_del_init(&dev->sim_node);
		tdelete(dev, &sim->device_names, device_name_cmp);
		dev->registered = false;
		trace_device_del(sim, dev_name(dev));
		put_device(dev->parent);
	}
	/* Whatever the DMA API still had out for it went with it. */
	dma_debug_device_release(dev);
}

void dev_bus_master(struct device *dev, struct sim_bus_master *m)
{
	sim_bus_master_init(m, dev->sim, dev->of_node, dev_name(dev));
}

void device_unregister(struct device *dev)
{
	SIM_ENTER(dev->sim);
	device_del(dev);
	put_device(dev);
}
