/*
 * sim_walk: the walk a unit's hardware makes through a VT-d domain's
 * second-level tables, for `pgtable` (the unit's walker, through
 * lab_compat.h).  A domain belongs to no one unit, so the walk is the one
 * a unit with snoop control and a full 52-bit address width would make:
 * it shows what the driver wrote, and leaves the per-unit reserved-bit
 * checks to the unit's own walk of a real access.
 */
#include <linux/errno.h>

#include "vtd.h"

#define VTD_WALK_HAW		52

int vtd_sim_walk(struct iommu_domain *domain, u64 iova, struct sim_pgtable_walk *walk)
{
	struct vtd_domain *vdom;

	if (vtd_domain_is_si(domain))
		return -ENODEV;
	vdom = to_vtd_domain(domain);
	if (!vdom->pgt.has_root)
		return -ENODEV;
	lab_vtd_pgtable_walk(vdom->pgt.root, vdom->pgt.levels, VTD_WALK_HAW, true,
			     iova, walk);
	return 0;
}
