/*
 * Mutant: the domain's width is narrowed but its table keeps the five
 * levels intel_iommu_domain_alloc() gave it.  The context entry then
 * names a 57-bit table (AW 3) that a 39-bit unit cannot walk: every DMA
 * through it is an invalid context entry (fault reason 0x3), though
 * every attach returned 0.  Plausible: the width alone looks like the
 * fit.
 * Replaces: vtd_prepare_attach.c
 * Fails: reuse errno proposal eras edge first-use detach explicit-first vfio-kdump
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
	return 0;
}
