/*
 * Mutant: every domain is compatible, gen-1's "return 0": the check
 * fits the domain to the unit but never refuses it.  mt2701's
 * mtk_iommu_v1.c answered 0 for a domain it could not serve, and the June
 * 2022 thread ("[v3,0/5] Simplify vfio_iommu_type1 attach/detach
 * routine") called success for an attach that cannot work exactly what
 * VFIO cannot live with.  Under the proposal's VFIO (v5.19) edu1 joins the
 * coherent domain through dmar1, which cannot snoop: its leaves carry SNP,
 * a reserved bit there, and its DMA faults.  Plausible: 6.1's type1 never
 * offers such a domain, so the VFIO test of 6.1 still passes.
 * Replaces: vtd_prepare_attach.c
 * Fails: errno proposal eras
 */
#include <linux/errno.h>
#include <linux/iommu.h>

#include "vtd.h"

int vtd_prepare_attach(struct vtd_domain *vdom, struct vtd_dev_info *info)
{
	struct vtd_iommu *vtd = info->iommu;

	if (vdom->gaw > vtd->width)
		vdom->gaw = vtd->width;
	while (vdom->pgt.levels > vtd->levels)
		vtd_pgtable_drop_level(&vdom->pgt);
	return 0;
}
