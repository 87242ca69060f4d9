/*
 * Mutant: 6.1's own errnos written in, -EOPNOTSUPP and -EFAULT, instead
 * of the era's (lab_incompatible_errno()).  Right for Debian's 6.1, wrong
 * for the kernels the other eras replay: the proposal's VFIO (v5.19)
 * retries only on -EMEDIUMTYPE and gives up on edu1's group, and 6.3's
 * convention (the v6.2 era) is -EINVAL.  Plausible: it is the code of
 * the kernel the student reads.
 * Replaces: vtd_prepare_attach.c
 * Fails: proposal eras
 */
#include <linux/errno.h>
#include <linux/iommu.h>

#include "vtd.h"

int vtd_prepare_attach(struct vtd_domain *vdom, struct vtd_dev_info *info)
{
	struct vtd_iommu *vtd = info->iommu;

	if (vdom->force_snooping && !vtd->snoop_control) {
		trace_vtd_incompatible_snoop(info->dev, lab_domain_name(&vdom->domain));
		return -EOPNOTSUPP;
	}
	if (vdom->max_addr > (1ULL << vtd->width)) {
		trace_vtd_incompatible_width(info->dev, lab_domain_name(&vdom->domain),
					     vtd->width, vdom->max_addr);
		return -EFAULT;
	}

	if (vdom->gaw > vtd->width)
		vdom->gaw = vtd->width;
	while (vdom->pgt.levels > vtd->levels)
		vtd_pgtable_drop_level(&vdom->pgt);
	return 0;
}
