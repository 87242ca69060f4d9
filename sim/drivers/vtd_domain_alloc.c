/*
 * domain_alloc and the domain's free (intel_iommu_domain_alloc() and
 * intel_iommu_domain_free() in 6.1).
 *
 * DMA, DMA-FQ and unmanaged domains are paging domains.  Like 6.1's
 * md_domain_init() they start 57 bits wide (5 levels) with an aperture of
 * [0, 2^57 - 1]; the first unit they attach through cuts the width and
 * the level count down to its own.  Unlike 6.1, the top-level table is
 * not allocated here but at the first attach or map: a domain that is
 * never attached or mapped holds no page of RAM, and fail-nth (`set
 * fail.alloc`) counts the page where the transcripts written against it
 * expect it, in the attach (t0220-check-translation fails one so).
 *
 * Identity is 6.1's si_domain: one static identity translation for the
 * whole driver.  With ecap.PT (QEMU's default) its context entries are
 * pass-through and it has no tables; each unit gives it a single domain
 * ID however many devices use it.  6.1 returns the same si_domain to every
 * IDENTITY request; the simulator's core names and lists each domain it
 * is given, so a second return of the same struct would corrupt its list.
 * Each request therefore gets a handle of its own onto the one static
 * identity (vtd_domain_is_si() is true for all of them, and they share the
 * unit's DID), which also keeps the driver free of state that outlives a
 * machine.
 *
 * Blocked returns NULL, as in 6.1: the core then makes its blocking domain
 * from an empty unmanaged one.
 *
 * The kzalloc()s here count for the fail-nth of the machine whose call
 * is running, as every allocation of a call that names no device does.
 */
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/slab.h>

#include "vtd.h"

bool vtd_domain_is_si(struct iommu_domain *domain)
{
	return to_vtd_domain(domain)->identity;
}

static struct iommu_domain *vtd_si_domain_alloc(void)
{
	struct vtd_domain *vdom = kzalloc(sizeof(*vdom), GFP_KERNEL);

	if (!vdom)
		return NULL;
	vdom->identity = true;
	INIT_LIST_HEAD(&vdom->devices);
	INIT_LIST_HEAD(&vdom->units);
	return &vdom->domain;
}

static struct iommu_domain *vtd_paging_domain_alloc(void)
{
	struct vtd_domain *vdom = kzalloc(sizeof(*vdom), GFP_KERNEL);

	if (!vdom)
		return NULL;
	vdom->gaw = VTD_DEFAULT_DOMAIN_WIDTH;
	vtd_pgtable_init(&vdom->pgt, vtd_width_to_levels(vdom->gaw));
	INIT_LIST_HEAD(&vdom->devices);
	INIT_LIST_HEAD(&vdom->units);

	vdom->domain.pgsize_bitmap = SZ_4K;
	vdom->domain.geometry.aperture_start = 0;
	vdom->domain.geometry.aperture_end = DMA_BIT_MASK(vdom->gaw);
	vdom->domain.geometry.force_aperture = true;
	return &vdom->domain;
}

struct iommu_domain *vtd_domain_alloc(unsigned int type)
{
	switch (type) {
	case IOMMU_DOMAIN_DMA:
	case IOMMU_DOMAIN_DMA_FQ:
	case IOMMU_DOMAIN_UNMANAGED:
		return vtd_paging_domain_alloc();
	case IOMMU_DOMAIN_IDENTITY:
		return vtd_si_domain_alloc();
	default:
		return NULL;
	}
}

/* iommu-lab,no-default-domain: only what a caller asks for by hand. */
struct iommu_domain *vtd_domain_alloc_no_default(unsigned int type)
{
	if (type != IOMMU_DOMAIN_UNMANAGED)
		return NULL;
	return vtd_domain_alloc(type);
}

void vtd_domain_free(struct iommu_domain *domain)
{
	struct vtd_domain *vdom = to_vtd_domain(domain);
	struct vtd_dev_info *info, *tmp;

	/*
	 * 6.1 warns and leaks the domain if devices still use it.  The core
	 * only frees a domain nobody is attached to, so this is a driver
	 * bookkeeping bug: block those devices rather than keep pointers to
	 * freed memory.
	 */
	list_for_each_entry_safe(info, tmp, &vdom->devices, link) {
		trace_warn_vtd_domain_free_context(info->dev, lab_domain_name(domain));
		vtd_block_translation(info);
	}
	vtd_pgtable_free(&vdom->pgt);
	kfree(vdom);
}
