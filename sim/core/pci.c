/*
 * The PCI bus, as far as DMA is concerned: functions under a DT host
 * bridge, matched by compatible, whose requester ID the bridge's
 * "iommu-map" translates into an IOMMU specifier.
 */
#include <sim/errno.h>
#include <sim/of.h>
#include <sim/sim.h>

#include "core.h"

static int pci_dma_configure(struct device *dev)
{
	struct device_node *bridge = dev->of_node ? dev->of_node->parent : NULL;
	u32 rid = dev->pci_bdf;

	if (!bridge)
		return 0;
	return of_dma_configure(dev, bridge, &rid);
}

const struct bus_type pci_bus_type = {
	.name = "pci",
	.match = of_driver_match_device,
	.dma_configure = pci_dma_configure,
	.dma_cleanup = of_dma_cleanup,
};
