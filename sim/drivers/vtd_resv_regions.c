/*
 * get_resv_regions: IOVA ranges a device's domain must not hand out
 * (intel_iommu_get_resv_regions() in 6.1).  On x86 a DMA write to
 * 0xfee00000-0xfeefffff is an interrupt message, not memory traffic, so
 * the window is reserved as IOMMU_RESV_MSI in every device's domain.  q35
 * has no RMRRs (firmware-required direct mappings), so that is all.
 */
#include <linux/iommu.h>

#include "vtd.h"

void vtd_get_resv_regions(struct device *dev, struct list_head *head)
{
	struct iommu_resv_region *region;

	/* the same for every device */
	region = iommu_alloc_resv_region(VTD_MSI_BASE, VTD_MSI_SIZE, 0,
					 IOMMU_RESV_MSI, GFP_KERNEL);
	if (!region)
		return;
	list_add_tail(&region->list, head);
}
