/*
 * Driver-core internals shared by the files of sim/core: the probe path,
 * device-link state changes and bus helpers.
 */
#ifndef SIM_CORE_CORE_H
#define SIM_CORE_CORE_H

#include <sim/device.h>

/* A driver registered with one machine (sim->drivers). */
struct driver_reg {
	struct list_head node;
	struct device_driver *drv;
	const struct bus_type *bus;	/* what it registered on */
	struct list_head devices;	/* bound to it, by driver_node, in bind order */
};

/* bus.c: tells @dev's bus's notifier chain of @action (BUS_NOTIFY_*). */
void bus_notify(struct device *dev, unsigned long action);

/* driver.c: puts bound @dev last on its driver's list of devices. */
void driver_add_bound(struct device *dev);

/* dd.c */
void bus_probe_device(struct device *dev);
void driver_attach(struct sim *sim, struct driver_reg *reg);
void driver_deferred_probe_add(struct device *dev);
void driver_deferred_probe_del(struct device *dev);
/* dev_err_probe()'s -EPROBE_DEFER for a supplier not bound yet; returns it. */
int dev_defer_supplier_not_ready(struct device *dev, const struct device *supplier);

/* devlink.c */
int device_links_check_suppliers(struct device *dev);
void device_links_driver_bound(struct device *dev);
void device_links_no_driver(struct device *dev);
void device_links_unbind_consumers(struct device *dev);
void device_links_driver_cleanup(struct device *dev);
void device_links_purge(struct device *dev);

/* platform.c: DT matching and DMA setup, shared with pci.c */
/* A platform device (unnamed, unregistered) with @np's "reg" as resources. */
struct device *platform_device_alloc_node(struct device_node *np);
/* pci.c: a PCI function (unnamed, unregistered) at @np's "reg" bus/devfn. */
struct device *pci_device_alloc_node(struct device_node *np);
int of_driver_match_device(struct device *dev, const struct device_driver *drv);
int of_dma_configure(struct device *dev, struct device_node *np, const u32 *id);
void of_dma_cleanup(struct device *dev);
/*
 * The buses' half of DMA ownership (6.1's platform_ and pci_dma_configure
 * and _cleanup): a driver that is not @driver_managed_dma uses the
 * group's default domain while bound; -EBUSY, with the DMA ops torn
 * down, when the group has an owner.
 */
int bus_dma_use_default_domain(struct device *dev, bool driver_managed_dma);
void bus_dma_unuse_default_domain(struct device *dev, bool driver_managed_dma);
/* With dev->driver_override set: 1 if it names @drv, else 0.  -1 when unset. */
int bus_match_driver_override(struct device *dev, const struct device_driver *drv);

struct scatterlist;
struct dma_coherent_buf;

/* dma-direct.c: the DMA API of a device without dma_map_ops */
int dma_direct_supported(struct device *dev, u64 mask);
dma_addr_t dma_direct_map_page(struct device *dev, phys_addr_t phys, size_t size);
int dma_direct_map_sg(struct device *dev, struct scatterlist *sgl, int nents);
struct dma_coherent_buf *dma_direct_alloc(struct device *dev, size_t size,
					  dma_addr_t *handle);
void dma_direct_free(struct device *dev, struct dma_coherent_buf *buf);

/* dma-debug.c: entries for what the DMA API hands out, removed when it comes back */
void debug_dma_map_page(struct device *dev, phys_addr_t phys, size_t size,
			dma_addr_t addr);
void debug_dma_unmap_page(struct device *dev, dma_addr_t addr);
void debug_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		      int mapped_ents);
void debug_dma_unmap_sg(struct device *dev, struct scatterlist *sg);
void debug_dma_alloc_coherent(struct device *dev, const struct dma_coherent_buf *buf,
			      size_t size, dma_addr_t handle);
void debug_dma_free_coherent(struct device *dev, dma_addr_t handle);

/* The bus's word on @drv for @dev; inline, as every probe attempt asks it. */
static inline int driver_match_device(const struct device_driver *drv, struct device *dev)
{
	return dev->bus->match ? dev->bus->match(dev, drv) : 1;
}

#endif
