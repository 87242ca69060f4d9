/*
 * Lab 07, part 2: deferred attach in the IOMMU core, as the November 2022
 * review made it (Linux 6.3's drivers/iommu/iommu.c; the simulator's v6.2
 * era): a device's first attach, any attach of one device, and the
 * detach of one device.  A kdump kernel's VT-d driver says a device's
 * attach is deferred while the crashed kernel's translation still serves
 * it; the DMA API attaches it at its first use (iommu_deferred_attach(),
 * sim/iommu/domain.c, which reads dev->iommu->attach_deferred).  README.md
 * says what the core and the DMA API expect.
 */
#include <sim/iommu.h>

#include "iommu-priv.h"

int iommu_group_do_dma_first_attach(struct device *dev,
				    struct iommu_domain *domain)
{
	/*
	 * TODO: a device whose driver says its attach is deferred
	 * (iommu_is_attach_deferred()) is left alone now: remember that in
	 * dev->iommu->attach_deferred for the DMA API, record it
	 * (trace_attach_deferred(dev, domain->name)) and return 0.
	 */
	return __iommu_attach_device(domain, dev);
}

int __iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	int ret = iommu_run_attach_dev(domain, dev);

	if (ret)
		return ret;
	/* TODO: the driver's attach_dev worked: what becomes of a deferral? */
	return 0;
}

void __iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	/*
	 * TODO: detach the device (iommu_run_detach_dev()).  6.1 skipped a
	 * device whose driver still called its attach deferred; README.md
	 * ("Detach") says why the review took that out.
	 */
}
