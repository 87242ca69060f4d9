/*
 * The attach-compatibility check: can a device's unit walk a domain's
 * tables? (prepare_domain_attach_device() in 6.1, which
 * intel_iommu_attach_device() calls before it writes the context entry.)
 *
 * Not if the domain promised snooped DMA (enforce_cache_coherency) and
 * the unit has no snoop control, nor if something is mapped above the
 * unit's address width.
 *
 * Debian's 6.1 returns -EOPNOTSUPP and -EFAULT for these two: the 2022
 * proposal to give every driver one errno for "this domain cannot serve
 * this device", -EMEDIUMTYPE, is not in 6.1, and 6.3 settled on -EINVAL
 * with that meaning.  The driver asks the era for each reason's value
 * (lab_incompatible_errno()), so that the v5.19 era's VFIO, which tells
 * "try a new domain" from a real failure by the errno, sees the errnos of
 * the kernel it replays.
 *
 * A compatible domain takes the unit's width if it is narrower, and sheds
 * top levels until the unit can walk it.  6.1 sets the width to the last
 * unit's even when that one is wider, while its tables keep the narrower
 * unit's levels; the simulator keeps the smaller width, the one the
 * tables can actually map.
 */
#include <linux/errno.h>
#include <linux/iommu.h>

#include "vtd.h"

int vtd_prepare_attach(struct vtd_domain *vdom, struct vtd_dev_info *info)
{
	struct vtd_iommu *vtd = info->iommu;

	if (vdom->force_snooping && !vtd->snoop_control) {
		trace_vtd_incompatible_snoop(info->dev, lab_domain_name(&vdom->domain));
		return lab_incompatible_errno(info->dev, LAB_INCOMPATIBLE_SNOOP);
	}
	if (vdom->max_addr > (1ULL << vtd->width)) {
		trace_vtd_incompatible_width(info->dev, lab_domain_name(&vdom->domain),
					     vtd->width, vdom->max_addr);
		return lab_incompatible_errno(info->dev, LAB_INCOMPATIBLE_WIDTH);
	}

	if (vdom->gaw > vtd->width)
		vdom->gaw = vtd->width;
	while (vdom->pgt.levels > vtd->levels)
		vtd_pgtable_drop_level(&vdom->pgt);
	return 0;
}
