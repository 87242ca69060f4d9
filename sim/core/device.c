/*
 * Making, adding and removing devices.
 */
#include <search.h>
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

/* Frees @dev's name and whatever embeds it. */
static void device_free(struct device *dev)
{
	free(dev->name);
	free(dev->driver_override);
	if (dev->release)
		dev->release(dev);
	else
		free(dev);
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
 * supplier's managed consumers first), the links left are dropped, the
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
