/*
 * device_group: which devices the unit can isolate from each other
 * (intel_iommu_device_group() in 6.1).  The context table is indexed by
 * requester ID, so the unit could give each PCI function a domain of its
 * own; what it cannot see is traffic between functions that never
 * reaches it, which is what pci_device_group() from the core works out
 * (the functions of a multi-function slot without ACS share a group).
 * Anything else gets a group of its own.
 */
#include <linux/iommu.h>
#include <linux/pci.h>

#include "vtd.h"

struct iommu_group *vtd_device_group(struct device *dev)
{
	if (dev_is_pci(dev))
		return pci_device_group(dev);
	return generic_device_group(dev);
}
