/*
 * Deferred attach, as the 2022-11 review of "iommu: Call set_platform_dma
 * if default domain is unavailable" redesigned it (in mainline as "iommu:
 * Remove deferred attach check from __iommu_detach_device()", 6.3; the
 * v6.2 era): whether a device's attach is deferred is asked once, when
 * the device is first linked to its group's domain, and remembered in
 * dev->iommu->attach_deferred; any attach that succeeds ends the
 * deferral; and detach always detaches.
 *
 * A kdump kernel's VT-d driver finds translation left on and copies the
 * crashed kernel's context entries, so its devices go on doing DMA
 * through them until their drivers use the DMA API: is_attach_deferred
 * says so, and the first attach leaves the device alone.  The DMA API's
 * first call attaches it (iommu_deferred_attach(), domain.c, reads the
 * mark).  An explicit attach (iommu_attach_device(), VFIO) is never
 * deferred, so the detach that undoes it must not be skipped either: its
 * caller frees the domain right after.
 *
 * v6.1's own core, which asked the driver at every step and skipped the
 * detach of a device it still called deferred, is the v6.1 era's, in
 * domain.c, iommu.c and group.c.
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
	iommu_run_detach_dev(domain, dev);
}
