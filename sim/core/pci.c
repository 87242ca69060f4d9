/*
 * The PCI bus, as far as DMA is concerned: functions under a DT host
 * bridge, matched by compatible, whose requester ID the bridge's
 * "iommu-map" translates into an IOMMU specifier; and the generic host
 * bridge's enumeration of them.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/of.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include <linux/pci-ecam.h>
#include <linux/pci.h>
#include <linux/platform_device.h>

#include "core.h"

/* A function, and the bus record it points at: one allocation. */
struct pci_object {
	struct pci_dev pdev;
	struct pci_bus bus;
};

static void pci_release_dev(struct device *dev)
{
	free(container_of(dev, struct pci_object, pdev.dev));
}

/* bus << 8 | devfn from the first cell of a PCI child's "reg". */
static int pci_child_bdf(const struct device_node *np, u16 *bdf)
{
	u32 hi;

	if (!np || of_property_read_u32(np, "reg", &hi))
		return -EINVAL;
	*bdf = (hi >> 8) & 0xffff;
	return 0;
}

/*
 * The class code of a function from its "pciclass,CCSSPP" compatible
 * string (the OF PCI binding's), what config space offset 9 holds; 0 if
 * the node names none.
 */
static unsigned int pci_child_class(const struct device_node *np)
{
	int n = np ? of_property_count_strings(np, "compatible") : 0;

	for (int i = 0; i < n; i++) {
		const char *compat = of_property_read_string_index(np, "compatible", i);
		unsigned int class;
		int len = 0;

		if (compat && sscanf(compat, "pciclass,%6x%n", &class, &len) == 1 &&
		    len == 15 && !compat[len])
			return class;
	}
	return 0;
}

struct device *pci_device_alloc_node(struct device_node *np)
{
	struct pci_object *po = kzalloc(sizeof(*po), GFP_KERNEL);
	u16 bdf = 0;

	if (!po)
		return NULL;
	pci_child_bdf(np, &bdf);
	po->pdev.class = pci_child_class(np);
	po->bus.number = bdf >> 8;
	po->pdev.bus = &po->bus;
	po->pdev.devfn = bdf & 0xff;
	po->pdev.dev.pci_bdf = bdf;
	po->pdev.dev.release = pci_release_dev;
	return &po->pdev.dev;
}

static bool pci_driver_managed_dma(struct device *dev)
{
	return to_pci_driver((struct device_driver *)dev->driver)->driver_managed_dma;
}

/* 6.1's pci_dma_configure(): the bridge's iommu-map, then the group's use count. */
static int pci_dma_configure(struct device *dev)
{
	struct device_node *bridge = dev->of_node ? dev->of_node->parent : NULL;
	u32 rid = dev->pci_bdf;
	int ret = 0;

	if (bridge)
		ret = of_dma_configure(dev, bridge, &rid);
	if (!ret)
		ret = bus_dma_use_default_domain(dev, pci_driver_managed_dma(dev));
	return ret;
}

static void pci_dma_cleanup(struct device *dev)
{
	bus_dma_unuse_default_domain(dev, pci_driver_managed_dma(dev));
	of_dma_cleanup(dev);
}

/*
 * pci_match_device(): driver_override names the only driver that may
 * bind, and matches it even without an ID (vfio-pci's table is
 * override-only); else the simulator's compatible match.
 */
static int pci_bus_match(struct device *dev, const struct device_driver *drv)
{
	int ret = bus_match_driver_override(dev, drv);

	return ret >= 0 ? ret : of_driver_match_device(dev, drv);
}

static int pci_device_probe(struct device *dev)
{
	struct pci_driver *drv = to_pci_driver((struct device_driver *)dev->driver);

	return drv->probe ? drv->probe(to_pci_dev(dev), NULL) : 0;
}

static void pci_device_remove(struct device *dev)
{
	struct pci_driver *drv = to_pci_driver((struct device_driver *)dev->driver);

	if (drv->remove)
		drv->remove(to_pci_dev(dev));
}

int pci_register_driver(struct pci_driver *drv)
{
	drv->driver.name = drv->name;
	return driver_register_bus(&drv->driver, &pci_bus_type);
}

void pci_unregister_driver(struct pci_driver *drv)
{
	driver_unregister(&drv->driver);
}

/*
 * Whether the function at @bdf is one of several in its slot.  Linux
 * reads the header type's multi-function bit of function 0 and looks at
 * functions 1-7 only when it is set, marking each it finds multi-function
 * too (pci_scan_slot()); a board lists the functions its slots have, so a
 * slot listing more than one is multi-function, every function of it.
 */
static bool pci_child_multifunction(const struct device_node *bridge, u16 bdf)
{
	for (const struct device_node *np = bridge->child; np; np = np->sibling) {
		u16 other;

		if (of_device_is_available(np) && !pci_child_bdf(np, &other) &&
		    other != bdf && (other & ~7) == (bdf & ~7))
			return true;
	}
	return false;
}

int pci_host_common_remove(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;

	for (struct device_node *np = dev->of_node->child; np; np = np->sibling)
		if (np->dev && np->dev->bus == &pci_bus_type)
			device_unregister(np->dev);
	return 0;
}

/*
 * The available child of @bridge that comes next in bus/devfn order after
 * the one at @bdf, @pos-th under the node (the node's order breaks ties),
 * or NULL; *@bdf and *@pos become its.  @pos -1 asks for the first.
 */
static struct device_node *pci_next_child(const struct device_node *bridge,
					  u16 *bdf, int *pos)
{
	struct device_node *best = NULL;
	u16 best_bdf = 0;
	int i = 0, best_pos = -1;

	for (struct device_node *np = bridge->child; np; np = np->sibling, i++) {
		u16 b;

		if (!of_device_is_available(np) || pci_child_bdf(np, &b))
			continue;
		if (*pos >= 0 && (b < *bdf || (b == *bdf && i <= *pos)))
			continue;
		if (!best || b < best_bdf) {
			best = np;
			best_bdf = b;
			best_pos = i;
		}
	}
	*bdf = best_bdf;
	*pos = best_pos;
	return best;
}

/*
 * The functions described under the bridge's node appear on the PCI bus,
 * as enumeration would find them: in bus/devfn order, the order of
 * Linux's scan.  The boards list them in that order; a function `dev add`
 * put in a free slot comes last under the node, and takes its slot's
 * place when the bridge enumerates again.
 */
int pci_host_common_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *np;
	u16 bdf = 0;
	int pos = -1;

	while ((np = pci_next_child(dev->of_node, &bdf, &pos))) {
		struct device *fn;
		char *name;

		if (np->dev)
			continue;
		name = of_node_dev_name(np);
		if (!name)
			goto out_nomem;
		fn = device_alloc(dev->sim, name, &pci_bus_type, np);
		free(name);
		if (!fn)
			goto out_nomem;
		fn->pci_multifunction = pci_child_multifunction(dev->of_node, bdf);
		fn->parent = dev;
		if (device_add(fn))
			device_unregister(fn);
	}
	return 0;

out_nomem:
	pci_host_common_remove(pdev);
	return -ENOMEM;
}

const struct bus_type pci_bus_type = {
	.name = "pci",
	.match = pci_bus_match,
	.probe = pci_device_probe,
	.remove = pci_device_remove,
	.dma_configure = pci_dma_configure,
	.dma_cleanup = pci_dma_cleanup,
};
