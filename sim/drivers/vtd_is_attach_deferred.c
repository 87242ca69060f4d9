/*
 * is_attach_deferred: whether the core should leave a device's context
 * entry alone when it first puts the device in a domain.
 *
 * 6.1's intel driver answers "translation was pre-enabled and the device
 * has no domain yet" (translation_pre_enabled && !info->domain), so any
 * attach, even of an unmanaged domain, ends the deferral.  The simulator
 * answers "translation was pre-enabled and no DMA-API domain has been
 * attached yet": the context entries a kdump kernel copied from firmware
 * stay in force until the DMA API first uses the device (its deferred
 * attach, iommu_deferred_attach()), whatever else is attached before.
 *
 * That is what lets the 2022-11 discussion of "deferred attach, then an
 * explicit detach" replay: on a unit with iommu-lab,no-default-domain the
 * device never gets a DMA-API domain, so it stays deferred across an
 * explicit attach of an unmanaged domain, and 6.1's core then skips the
 * matching detach (__iommu_detach_device() tests is_attach_deferred),
 * leaving the context on a domain its owner is about to free.  From v6.2
 * the core remembers the deferral itself (dev->iommu->attach_deferred) and
 * detaches unconditionally.
 */
#include <linux/iommu.h>

#include "vtd.h"

bool vtd_is_attach_deferred(struct device *dev)
{
	struct vtd_dev_info *info = dev_iommu_priv_get(dev);

	return info && info->iommu->translation_pre_enabled &&
	       !info->dma_api_attached;
}
