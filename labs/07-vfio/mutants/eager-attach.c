/*
 * Mutant: the first attach ignores the driver's answer and attaches the
 * default domain at once, as if no attach were ever deferred.  Under a
 * kdump kernel that cuts every device off the crashed kernel's
 * translation the moment its group is made, before its driver has mapped
 * anything: DMA still in flight to the old addresses faults.  Plausible:
 * it is what every other kernel boot does.
 * Replaces: attach_deferred.c
 * Fails: first-use explicit-first
 */
#include <sim/iommu.h>

#include "iommu-priv.h"

int iommu_group_do_dma_first_attach(struct device *dev,
				    struct iommu_domain *domain)
{
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
