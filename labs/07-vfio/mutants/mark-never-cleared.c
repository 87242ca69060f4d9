/*
 * Mutant: a successful attach does not end the deferral: the mark the
 * first attach left stays.  Every DMA API call then attaches the default
 * domain again, and one made while the group is on another domain (an
 * explicit attach, VFIO) pulls the device back under the owner's feet:
 * the group says one domain, the unit walks another.  Plausible: the
 * mark is set in one place and the place to clear it is elsewhere.
 * Replaces: attach_deferred.c
 * Fails: first-use explicit-first
 */
#include <sim/iommu.h>

#include "iommu-priv.h"

int iommu_group_do_dma_first_attach(struct device *dev,
				    struct iommu_domain *domain)
{
	if (iommu_is_attach_deferred(dev)) {
		dev->iommu->attach_deferred = true;
		trace_attach_deferred(dev, domain->name);
		return 0;
	}
	return __iommu_attach_device(domain, dev);
}

int __iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	return iommu_run_attach_dev(domain, dev);
}

void __iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	iommu_run_detach_dev(domain, dev);
}
