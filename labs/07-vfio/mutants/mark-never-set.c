/*
 * Mutant: the first attach is deferred but not remembered: the trace
 * says so, dev->iommu->attach_deferred stays clear, and the DMA API, which
 * reads only the mark, never attaches the default domain.  The device
 * goes on through the crashed kernel's pass-through entry, and the IOVAs
 * its driver maps reach the wrong memory.  Plausible: the deferral
 * looks done.
 * Replaces: attach_deferred.c
 * Fails: first-use
 */
#include <sim/iommu.h>

#include "iommu-priv.h"

int iommu_group_do_dma_first_attach(struct device *dev,
				    struct iommu_domain *domain)
{
	if (iommu_is_attach_deferred(dev)) {
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
	iommu_run_detach_dev(domain, dev);
}
