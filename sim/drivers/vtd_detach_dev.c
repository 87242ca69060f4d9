/*
 * detach_dev: clear a device's context entry so its DMA is blocked.  The
 * core calls it only when the group has no default domain to go back to
 * (a driver without default domains).  Intel's driver kept detach_dev
 * through 6.2 and traded it for set_platform_dma_ops in 6.3, so this one
 * has only detach_dev in every era.
 */
#include <linux/iommu.h>

#include "vtd.h"

void vtd_detach_dev(struct iommu_domain *domain, struct device *dev)
{
	struct vtd_dev_info *info = dev_iommu_priv_get(dev);

	if (!info)
		return;
	/*
	 * 6.1's dmar_remove_one_dev_info() takes info->domain's lock
	 * unconditionally: with no domain it oopses.  That is why 6.1's core
	 * skips devices whose attach is deferred.  Report it and survive.
	 */
	if (!info->domain)
		trace_warn_vtd_detach_no_domain(dev, lab_domain_name(domain));
	else if (info->domain != domain)
		trace_warn_vtd_detach_other(dev, lab_domain_name(domain));
	vtd_block_translation(info);
}
