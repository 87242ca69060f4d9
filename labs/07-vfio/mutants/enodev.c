/*
 * Mutant: an incompatible domain is refused with -ENODEV, "this device
 * has no IOMMU", for both reasons.  Under the proposal's VFIO (v5.19),
 * which moves on to a new domain only on the incompatibility errno, the
 * group behind dmar1 gives up instead of getting a domain of its own;
 * iommufd's automatic domain (6.2) would give up the same way.
 * Plausible: the attach is refused, and 6.1's type1 never asks.
 * Replaces: vtd_prepare_attach.c
 * Fails: errno proposal eras
 */
#include <linux/errno.h>
#include <linux/iommu.h>

#include "vtd.h"

int vtd_prepare_attach(struct vtd_domain *vdom, struct vtd_dev_info *info)
{
	struct vtd_iommu *vtd = info->iommu;

	if (vdom->force_snooping && !vtd->snoop_control) {
		trace_vtd_incompatible_snoop(info->dev, lab_domain_name(&vdom->domain));
		return -ENODEV;
	}
	if (vdom->max_addr > (1ULL << vtd->width)) {
		trace_vtd_incompatible_width(info->dev, lab_domain_name(&vdom->domain),
					     vtd->width, vdom->max_addr);
		return -ENODEV;
	}

	if (vdom->gaw > vtd->width)
		vdom->gaw = vtd->width;
	while (vdom->pgt.levels > vtd->levels)
		vtd_pgtable_drop_level(&vdom->pgt);
	return 0;
}
