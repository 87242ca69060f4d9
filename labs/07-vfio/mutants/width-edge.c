/*
 * Mutant: a mapping that ends exactly at the unit's limit, 2^width, is
 * refused (>= where 6.1 has >).  max_addr is the end of the highest
 * mapping, one past its last byte: a page mapped at 2^39 - 4 KiB ends at
 * 2^39, which a 39-bit unit translates.  Plausible: an off-by-one.
 * Replaces: vtd_prepare_attach.c
 * Fails: edge
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
	if (vdom->max_addr >= (1ULL << vtd->width)) {
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
