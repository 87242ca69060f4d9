/*
 * Mutant: detach leaves alone a device whose driver still calls its
 * attach deferred, as 6.1's __iommu_detach_device() did.  The attach it
 * undoes was an explicit one, never deferred, and the caller frees the
 * domain as soon as detach returns: the device goes on translating
 * through a freed domain's tables (the "freed" check), or stays on VFIO's
 * blocking domain with its group on none.  The November 2022 review
 * ("Re: [PATCH v3 18/20] iommu: Call set_platform_dma if default domain is
 * unavailable") called the check a bug.  Plausible: it is 6.1's code.
 * Replaces: attach_deferred.c
 * Fails: detach vfio-kdump
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
	int ret = iommu_run_attach_dev(domain, dev);

	if (ret)
		return ret;
	if (dev->iommu)
		dev->iommu->attach_deferred = false;
	return 0;
}

void __iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	if (iommu_is_attach_deferred(dev))
		return;
	iommu_run_detach_dev(domain, dev);
}
