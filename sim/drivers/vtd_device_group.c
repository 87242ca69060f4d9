/*
 * device_group: which devices the unit can isolate from each other
 * (intel_iommu_device_group() in 6.1).  The context table is indexed by
 * requester ID, so each PCI function can be in a domain of its own:
 * pci_device_group() from the core, one group per function.  Anything
 * else gets a group of its own too.
 */
#include <sim/iommu.h>

#include "vtd.h"

struct iommu_group *vtd_device_group(struct device *dev)
{
	if (dev->bus == &pci_bus_type)
		return pci_device_group(dev);
	return generic_device_group(dev);
}
