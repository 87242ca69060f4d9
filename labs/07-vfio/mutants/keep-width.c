/*
 * Mutant: the table is cut down to the unit's levels but the domain keeps
 * its 57-bit width, so its aperture says 57 bits and the driver's map
 * lets through an IOVA the table cannot hold, which the table then
 * refuses with -ERANGE instead of the driver's -EFAULT ("iommu width is
 * not sufficient for the mapped address").  Plausible: the levels alone
 * look like the fit.
 * Replaces: vtd_prepare_attach.c
 * Fails: reuse edge
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

	while (vdom->pgt.levels > vtd->levels)
		vtd_pgtable_drop_level(&vdom->pgt);
	return 0;
}
