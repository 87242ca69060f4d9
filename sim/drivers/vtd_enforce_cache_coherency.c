/*
 * enforce_cache_coherency: promise that every DMA through the domain
 * snoops the CPU caches, so a guest needs no wbinvd emulation
 * (intel_iommu_enforce_cache_coherency() in 6.1, asked by VFIO).
 *
 * Second-level tables carry the promise per leaf: once made, every new
 * leaf gets SNP.  It can only be made if every unit the domain is attached
 * through has snoop control (ecap.SC), and once made, attach refuses units
 * without it (vtd_attach_dev.c).  As in 6.1, leaves mapped earlier keep
 * no SNP; VFIO asks before it maps anything.  The static identity domain
 * has no tables to carry SNP and cannot promise.
 */
#include <linux/iommu.h>

#include "vtd.h"

bool vtd_enforce_cache_coherency(struct iommu_domain *domain)
{
	struct vtd_domain *vdom;
	struct vtd_dev_info *info;

	if (vtd_domain_is_si(domain))
		return false;
	vdom = to_vtd_domain(domain);
	if (vdom->force_snooping)
		return true;
	list_for_each_entry(info, &vdom->devices, link)
		if (!info->iommu->snoop_control)
			return false;
	vdom->set_pte_snp = true;
	vdom->force_snooping = true;
	return true;
}
