/*
 * The platform bus: devices from device-tree nodes, with the memory
 * resources of their "reg", matched to drivers by compatible string, with
 * DMA configured from the node (of_dma_configure) just before the
 * driver's probe, and their interrupts found from the node.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/dma-map-ops.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/io.h>
#include <sim/irq.h>
#include <sim/of.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include <linux/of_device.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>

#include "core.h"

/* A platform device and its resources, one allocation as in the kernel. */
struct platform_object {
	struct platform_device pdev;
	struct resource res[];
};

static void platform_device_release(struct device *dev)
{
	free(container_of(dev, struct platform_object, pdev.dev));
}

struct device *platform_device_alloc_node(struct device_node *np)
{
	struct platform_object *pa;
	unsigned int n = 0;
	u64 base, size;

	while (np && !of_reg_read(np, n, &base, &size))
		n++;
	pa = kzalloc(sizeof(*pa) + n * sizeof(pa->res[0]), GFP_KERNEL);
	if (!pa)
		return NULL;
	for (unsigned int i = 0; i < n; i++) {
		of_reg_read(np, i, &base, &size);
		pa->res[i] = (struct resource) {
			.start = base,
			.end = base + size - 1,
			.name = np->full_name,
			.flags = IORESOURCE_MEM,
		};
	}
	pa->pdev.id = PLATFORM_DEVID_NONE;
	pa->pdev.num_resources = n;
	pa->pdev.resource = pa->res;
	pa->pdev.dev.release = platform_device_release;
	return &pa->pdev.dev;
}

int of_driver_match_device(struct device *dev, const struct device_driver *drv)
{
	if (!dev->of_node)
		return 0;
	return of_match_node_cached(drv->of_match_table, dev->of_node) != NULL;
}

const void *of_device_get_match_data(const struct device *dev)
{
	const struct of_device_id *match;

	if (!dev->driver)
		return NULL;
	match = of_match_node(dev->driver->of_match_table, dev->of_node);
	return match ? match->data : NULL;
}

int of_dma_configure(struct device *dev, struct device_node *np, const u32 *id)
{
	const struct dma_iommu_configure_ops *iommu = dev->sim->dma_iommu;
	const struct iommu_ops *ops = NULL;

	if (iommu) {
		ops = iommu->of_iommu_configure(dev, np, id);
		if (IS_ERR(ops))
			return PTR_ERR(ops);
	}
	/*
	 * arch_setup_dma_ops(): dma-direct, unless the IOMMU translates.  x86
	 * has none, but for a PCI function whose IOMMU driver already gave it
	 * ops at probe_finalize (VT-d) doing it again gives the same ops.
	 */
	set_dma_ops(dev, NULL);
	dev->dma_configured = true;
	/* 32 bits from 0 without dma-ranges. */
	if (ops)
		iommu->setup_dma_ops(dev, 0, dev->bus == &pci_bus_type ? U64_MAX :
							       DMA_BIT_MASK(32));
	trace_dma_configure(dev, ops != NULL);
	return 0;
}

struct platform_device *of_find_device_by_node(struct device_node *np)
{
	struct device *dev = np ? np->dev : NULL;

	if (!dev || dev->bus != &platform_bus_type)
		return NULL;
	return to_platform_device(get_device(dev));
}

/*
 * The architecture's part in a driver's unbind (arch_teardown_dma_ops()).
 * The simulator's platform devices are arm64's, whose 6.1 takes dma-iommu's
 * ops away with the driver.  Its PCI functions are x86's, which has no
 * such hook: the ops the IOMMU driver gave at probe_finalize stay until
 * the IOMMU core releases the device; only the showing flag goes.
 */
static void bus_arch_teardown_dma_ops(struct device *dev)
{
	if (dev->bus == &pci_bus_type) {
		dev->dma_configured = false;
		return;
	}
	arch_teardown_dma_ops(dev);
}

void of_dma_cleanup(struct device *dev)
{
	bus_arch_teardown_dma_ops(dev);
}

int bus_dma_use_default_domain(struct device *dev, bool driver_managed_dma)
{
	const struct dma_iommu_configure_ops *iommu = dev->sim->dma_iommu;
	int ret;

	if (driver_managed_dma || !iommu)
		return 0;
	ret = iommu->use_default_domain(dev);
	if (ret)
		bus_arch_teardown_dma_ops(dev);
	return ret;
}

void bus_dma_unuse_default_domain(struct device *dev, bool driver_managed_dma)
{
	const struct dma_iommu_configure_ops *iommu = dev->sim->dma_iommu;

	if (!driver_managed_dma && iommu)
		iommu->unuse_default_domain(dev);
}

int bus_match_driver_override(struct device *dev, const struct device_driver *drv)
{
	if (!dev->driver_override)
		return -1;
	return !strcmp(dev->driver_override, drv->name);
}

struct resource *platform_get_resource(struct platform_device *pdev,
				       unsigned int type, unsigned int num)
{
	for (u32 i = 0; i < pdev->num_resources; i++) {
		struct resource *r = &pdev->resource[i];

		if ((r->flags & type) && num-- == 0)
			return r;
	}
	return NULL;
}

int platform_get_irq(struct platform_device *pdev, unsigned int num)
{
	struct device_node *np = pdev->dev.of_node;
	u32 type, line;

	if (!np || of_property_read_u32_index(np, "interrupts", num * 3, &type) ||
	    of_property_read_u32_index(np, "interrupts", num * 3 + 1, &line))
		return -ENXIO;
	/* Cell 0: 0 for an SPI, 1 for a PPI (hardware numbers 16..31). */
	if (type > 1 || line >= SIM_NR_IRQS - SIM_GIC_SPI_BASE)
		return -ENXIO;
	return line + (type ? 16 : SIM_GIC_SPI_BASE);
}

void __iomem *devm_platform_ioremap_resource(struct platform_device *pdev,
					     unsigned int index)
{
	return devm_ioremap_resource(&pdev->dev,
				     platform_get_resource(pdev, IORESOURCE_MEM, index));
}

static int platform_probe(struct device *dev)
{
	struct platform_driver *drv = to_platform_driver((struct device_driver *)dev->driver);

	return drv->probe ? drv->probe(to_platform_device(dev)) : 0;
}

static void platform_remove(struct device *dev)
{
	struct platform_driver *drv = to_platform_driver((struct device_driver *)dev->driver);

	if (drv->remove)
		drv->remove(to_platform_device(dev));
}

int platform_driver_register(struct platform_driver *drv)
{
	return driver_register_bus(&drv->driver, &platform_bus_type);
}

void platform_driver_unregister(struct platform_driver *drv)
{
	driver_unregister(&drv->driver);
}

/* platform_match(): driver_override alone when set, else the OF match. */
static int platform_match(struct device *dev, const struct device_driver *drv)
{
	int ret = bus_match_driver_override(dev, drv);

	return ret >= 0 ? ret : of_driver_match_device(dev, drv);
}

static bool platform_driver_managed_dma(struct device *dev)
{
	return to_platform_driver((struct device_driver *)dev->driver)->driver_managed_dma;
}

/* 6.1's platform_dma_configure(): the node's IOMMU, then the group's use count. */
static int platform_dma_configure(struct device *dev)
{
	int ret = 0;

	if (dev->of_node)
		ret = of_dma_configure(dev, dev->of_node, NULL);
	if (!ret)
		ret = bus_dma_use_default_domain(dev, platform_driver_managed_dma(dev));
	return ret;
}

static void platform_dma_cleanup(struct device *dev)
{
	bus_dma_unuse_default_domain(dev, platform_driver_managed_dma(dev));
	of_dma_cleanup(dev);
}

const struct bus_type platform_bus_type = {
	.name = "platform",
	.match = platform_match,
	.probe = platform_probe,
	.remove = platform_remove,
	.dma_configure = platform_dma_configure,
	.dma_cleanup = platform_dma_cleanup,
};
