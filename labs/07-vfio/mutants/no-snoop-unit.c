/*
 * Mutant: a unit without snoop control refuses every domain, not only
 * one that promised snooped DMA: the check reads the unit's capability
 * and forgets the domain's promise (force_snooping).  Every attach
 * through dmar1 fails, from edu1's first at boot, and on the kdump
 * boards, whose unit does not snoop either, every attach of every
 * device.  Plausible: "this unit cannot snoop" sounds like the whole
 * condition.
 * Replaces: vtd_prepare_attach.c
 * Fails: reuse errno proposal eras edge first-use detach explicit-first vfio-kdump
 */
#include <linux/errno.h>
#include <linux/iommu.h>

#include "vtd.h"

int vtd_prepare_attach(struct vtd_domain *vdom, struct vtd_dev_info *info)
{
	struct vtd_iommu *vtd = info->iommu;

	if (!vtd->snoop_control) {
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
