/*
 * Lab 07, part 1: vtd_prepare_attach(), the VT-d driver's
 * attach-compatibility check (prepare_domain_attach_device() in Linux
 * 6.1's drivers/iommu/intel/iommu.c).  vtd_attach_dev() calls it for
 * every paging domain before it points the device's context entry at
 * the domain's tables: can this device's unit walk them?  VFIO reuses a
 * domain when the answer is yes and needs a new one when it is no, and
 * before 6.1's type1 it told the two apart by the errno.  README.md says
 * what the driver and VFIO expect.
 */
#include <linux/errno.h>
#include <linux/iommu.h>

#include "vtd.h"

int vtd_prepare_attach(struct vtd_domain *vdom, struct vtd_dev_info *info)
{
	/*
	 * TODO: refuse a domain that promised snooped DMA
	 * (vdom->force_snooping, set by enforce_cache_coherency()) when
	 * this device's unit (info->iommu) has no snoop control.
	 */

	/*
	 * TODO: refuse a domain that has something mapped above what the
	 * unit can translate: vdom->max_addr is the end of its highest
	 * mapping, the unit's width is in bits.
	 *
	 * Either refusal returns the era's errno for its reason,
	 * lab_incompatible_errno(info->dev, LAB_INCOMPATIBLE_...), not a
	 * constant of your choosing.
	 */

	/*
	 * TODO: the domain may stay: narrow its width (vdom->gaw) to the
	 * unit's if the unit is narrower, and drop top levels of its table
	 * (vtd_pgtable_drop_level()) until the unit can walk it.
	 */

	return -ENODEV;
}
