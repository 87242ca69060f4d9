/*
 * The platform bus: devices from device-tree nodes, matched to drivers by
 * compatible string, with DMA configured from the node (of_dma_configure)
 * just before the driver's probe, and their registers and interrupts
 * found from the node.
 */
#include <sim/dma-map-ops.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/io.h>
#include <sim/irq.h>
#include <sim/of.h>
#include <sim/sim.h>

#include "core.h"

int of_driver_match_device(struct device *dev, const struct device_driver *drv)
{
	if (!dev->of_node || !drv->of_match)
		return 0;
	for (const char *const *c = drv->of_match; *c; c++)
		if (of_device_is_compatible(dev->of_node, *c))
			return 1;
	return 0;
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
	/* arch_setup_dma_ops(): dma-direct, unless the IOMMU translates. */
	set_dma_ops(dev, NULL);
	dev->dma_configured = true;
	/* 32 bits from 0 without dma-ranges. */
	if (ops)
		iommu->setup_dma_ops(dev, 0, dev->bus == &pci_bus_type ? U64_MAX :
							       DMA_BIT_MASK(32));
	trace_dma_configure(dev, ops != NULL);
	return 0;
}

struct device *of_find_device_by_node(struct device_node *np)
{
	return np ? get_device(np->dev) : NULL;
}

void of_dma_cleanup(struct device *dev)
{
	arch_teardown_dma_ops(dev);
}

void __iomem *platform_ioremap_resource(struct device *dev, unsigned int index)
{
	void __iomem *base;
	u64 start, size;

	if (!dev->of_node || of_reg_read(dev->of_node, index, &start, &size)) {
		dev_err(dev, "invalid resource");
		return ERR_PTR(-EINVAL);
	}
	base = sim_ioremap(dev->sim, start, size);
	if (!base) {
		/* %pR of a memory resource: at least 8 hex digits */
		dev_err(dev, "ioremap failed for resource [mem 0x%08llx-0x%08llx]",
			(unsigned long long)start, (unsigned long long)(start + size - 1));
		return ERR_PTR(-ENOMEM);
	}
	return base;
}

int platform_get_irq(struct device *dev, unsigned int index)
{
	u32 type, num;

	if (!dev->of_node ||
	    of_property_read_u32_index(dev->of_node, "interrupts", index * 3, &type) ||
	    of_property_read_u32_index(dev->of_node, "interrupts", index * 3 + 1, &num))
		return -ENXIO;
	/* Cell 0: 0 for an SPI, 1 for a PPI (hardware numbers 16..31). */
	if (type > 1 || num >= SIM_NR_IRQS - SIM_GIC_SPI_BASE)
		return -ENXIO;
	return num + (type ? 16 : SIM_GIC_SPI_BASE);
}

static int platform_dma_configure(struct device *dev)
{
	if (!dev->of_node)
		return 0;
	return of_dma_configure(dev, dev->of_node, NULL);
}

const struct bus_type platform_bus_type = {
	.name = "platform",
	.match = of_driver_match_device,
	.dma_configure = platform_dma_configure,
	.dma_cleanup = of_dma_cleanup,
};
