// SPDX-License-Identifier: GPL-2.0
/*
 * The software M4U's domains.  mt8173's M4U knows DMA and unmanaged
 * domains only (mtk_iommu_domain_alloc()), so the core's default DMA-FQ
 * (lazy) or identity (passthrough) request gets nothing and the core falls
 * back to a DMA domain, as it does on a real mt8173.  The aperture is the
 * M4U's 32-bit IOVA space.
 *
 * A domain's "page table" is an xarray from IOVA page to physical page:
 * nothing walks it but iova_to_phys, and it keeps every size the core
 * maps (4 KiB, 64 KiB, 1 MiB, 16 MiB) as 4 KiB entries.  Attach and detach
 * only report: there is no larb to program.
 */
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "lab_m4u_driver.h"

#define LAB_M4U_PAGE_SHIFT	12
#define LAB_M4U_PAGE_SIZE	(1UL << LAB_M4U_PAGE_SHIFT)

struct lab_m4u_domain {
	struct xarray ptes;		/* IOVA page -> xa_mk_value(physical page) */
	struct iommu_domain domain;
};

static struct lab_m4u_domain *to_lab_domain(struct iommu_domain *domain)
{
	return container_of(domain, struct lab_m4u_domain, domain);
}

/*
 * Who asks for @type in 6.1: the default domain of a group (DMA, DMA-FQ or
 * identity, iommu_group_alloc_default_domain()), iommu_domain_alloc()
 * (unmanaged), or a DMA owner's blocking domain (blocked).  The simulator
 * says which in its domain_alloc events; this is how the M4U can tell.
 */
static const char *domain_purpose(unsigned int type)
{
	switch (type) {
	case IOMMU_DOMAIN_UNMANAGED:
		return "user";
	case IOMMU_DOMAIN_BLOCKED:
		return "blocking";
	default:
		return "default";
	}
}

struct iommu_domain *lab_m4u_domain_alloc(unsigned int type)
{
	struct lab_m4u_domain *dom;

	if (type != IOMMU_DOMAIN_DMA && type != IOMMU_DOMAIN_UNMANAGED) {
		trace_domain_alloc_none(lab_domain_type_name(type), domain_purpose(type));
		return NULL;
	}
	dom = kzalloc(sizeof(*dom), GFP_KERNEL);
	if (!dom) {
		trace_domain_alloc_nomem(lab_domain_type_name(type), domain_purpose(type));
		return NULL;
	}
	xa_init(&dom->ptes);
	dom->domain.geometry.aperture_start = 0;
	dom->domain.geometry.aperture_end = DMA_BIT_MASK(32);
	dom->domain.geometry.force_aperture = true;
	trace_domain_alloc(lab_m4u_domain_name(&dom->domain), lab_domain_type_name(type),
			   domain_purpose(type));
	return &dom->domain;
}

static void lab_m4u_domain_free(struct iommu_domain *domain)
{
	struct lab_m4u_domain *dom = to_lab_domain(domain);

	trace_domain_free(lab_m4u_domain_name(domain));
	lab_m4u_domain_forget(domain);
	xa_destroy(&dom->ptes);
	kfree(dom);
}

static int lab_m4u_attach_dev(struct iommu_domain *domain, struct device *dev)
{
	trace_attach_device_to_domain(dev, lab_m4u_domain_name(domain), 0);
	return 0;
}

static void lab_m4u_detach_dev(struct iommu_domain *domain, struct device *dev)
{
	trace_detach_device_from_domain(dev, lab_m4u_domain_name(domain));
}

/* Forgets @n pages from @first on, all of which are mapped. */
static void ptes_erase(struct lab_m4u_domain *dom, unsigned long first, unsigned long n)
{
	while (n--)
		xa_erase(&dom->ptes, first + n);
}

static int lab_m4u_map(struct iommu_domain *domain, unsigned long iova, phys_addr_t paddr,
		       size_t size, int prot, gfp_t gfp)
{
	struct lab_m4u_domain *dom = to_lab_domain(domain);
	unsigned long first = iova >> LAB_M4U_PAGE_SHIFT;
	unsigned long pfn = paddr >> LAB_M4U_PAGE_SHIFT;
	unsigned long i, n = size >> LAB_M4U_PAGE_SHIFT;

	if (!n || ((iova | paddr | size) & (LAB_M4U_PAGE_SIZE - 1)))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		/* A page mapped twice is the caller's bug: refuse it, as io-pgtable does. */
		void *old = xa_cmpxchg(&dom->ptes, first + i, NULL, xa_mk_value(pfn + i), gfp);

		if (old) {
			ptes_erase(dom, first, i);
			return xa_is_err(old) ? xa_err(old) : -EEXIST;
		}
	}
	return 0;
}

/* Unmaps up to @size bytes from @iova; stops at the first page not mapped. */
static size_t lab_m4u_unmap(struct iommu_domain *domain, unsigned long iova, size_t size,
			    struct iommu_iotlb_gather *gather)
{
	struct lab_m4u_domain *dom = to_lab_domain(domain);
	unsigned long first = iova >> LAB_M4U_PAGE_SHIFT;
	unsigned long i, n = size >> LAB_M4U_PAGE_SHIFT;

	for (i = 0; i < n; i++)
		if (!xa_erase(&dom->ptes, first + i))
			break;
	return i << LAB_M4U_PAGE_SHIFT;
}

static phys_addr_t lab_m4u_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	struct lab_m4u_domain *dom = to_lab_domain(domain);
	void *entry = xa_load(&dom->ptes, iova >> LAB_M4U_PAGE_SHIFT);

	if (!entry)
		return 0;
	return ((phys_addr_t)xa_to_value(entry) << LAB_M4U_PAGE_SHIFT) |
	       (iova & (LAB_M4U_PAGE_SIZE - 1));
}

const struct iommu_domain_ops lab_m4u_domain_ops = {
	.attach_dev = lab_m4u_attach_dev,
	.detach_dev = lab_m4u_detach_dev,
	.map = lab_m4u_map,
	.unmap = lab_m4u_unmap,
	.iova_to_phys = lab_m4u_iova_to_phys,
	.free = lab_m4u_domain_free,
};
