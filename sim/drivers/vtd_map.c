/*
 * map_pages, unmap_pages, iova_to_phys and IOTLB invalidation
 * (intel_iommu_map_pages(), intel_iommu_unmap_pages(),
 * intel_iommu_iova_to_phys(), intel_iommu_tlb_sync() and
 * intel_flush_iotlb_all() in 6.1), over the tables of vtd_pgtable.c.
 * Mapping needs no invalidation: the units cache no non-present entries
 * (CAP.CM clear).
 *
 * Each invalidation the driver sends a unit (vtd_flush.c writes it to the
 * IOTLB registers) is traced as
 *   iotlb_flush iommu=UNIT domain=NAME did=N iova=0x... size=0x...
 * for a page-selective one (PSI: a naturally aligned power-of-two block,
 * as the hardware takes it) or
 *   iotlb_flush iommu=UNIT domain=NAME did=N all
 * for a domain-selective one (DSI).
 */
#include <linux/errno.h>
#include <linux/iommu.h>

#include "vtd.h"

/*
 * A leaf's bits, as 6.1's intel_iommu_map() and __domain_mapping() make
 * them: R for IOMMU_READ, W for IOMMU_WRITE, then "attr |=
 * DMA_FL_PTE_PRESENT" whatever the table format.  DMA_FL_PTE_PRESENT is
 * bit 0, which in a second-level table is R (DMA_PTE_READ): so on 6.1
 * every leaf is readable, and a write-only mapping (dma_map_*() with
 * DMA_FROM_DEVICE, iommu_map() with IOMMU_WRITE alone) reads as well.
 * kernel-lab shows it: edu reads a DMA_FROM_DEVICE buffer without a fault.
 */
static u64 vtd_prot_to_attr(const struct vtd_domain *vdom, int prot)
{
	u64 attr = VTD_PTE_R;

	if (prot & IOMMU_WRITE)
		attr |= VTD_PTE_W;
	if (vdom->set_pte_snp)
		attr |= VTD_PTE_SNP;
	return attr;
}

int vtd_map_pages(struct iommu_domain *domain, unsigned long iova,
		  phys_addr_t paddr, size_t pgsize, size_t pgcount, int prot,
		  gfp_t gfp, size_t *mapped)
{
	struct vtd_domain *vdom;
	size_t done = 0;
	u64 end;
	int ret;

	(void)gfp;			/* the simulator never sleeps */
	if (vtd_domain_is_si(domain))
		return -EINVAL;
	vdom = to_vtd_domain(domain);
	if (pgsize != SZ_4K && pgsize != SZ_2M && pgsize != SZ_1G)
		return -EINVAL;
	if ((iova | paddr) & (pgsize - 1))
		return -EINVAL;
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;

	/* 6.1: "iommu width (%d) is not sufficient for the mapped address" */
	end = (u64)iova + (u64)pgsize * pgcount;
	if (end > vdom->max_addr && end > (1ULL << vdom->gaw))
		return -EFAULT;

	ret = vtd_pgtable_alloc_root(&vdom->pgt);
	if (ret)
		return ret;

	for (size_t i = 0; i < pgcount; i++) {
		ret = vtd_pgtable_map(&vdom->pgt, iova + done, paddr + done,
				      pgsize, vtd_prot_to_attr(vdom, prot));
		if (ret)
			break;
		done += pgsize;
	}
	if (done && iova + done > vdom->max_addr)
		vdom->max_addr = iova + done;
	if (mapped)
		*mapped = done;
	return ret;
}

/*
 * 6.1's intel_iommu_unmap(): pfn_to_dma_pte() walks to the leaf at @iova
 * or to the first non-present entry on the way, and a size below what
 * one entry of that level maps is raised to it ("cope with horrid API").
 * So the size returned is never 0: a hole answers with the size of the
 * level where the walk stopped (4 KiB, 2 MiB, 1 GiB, 512 GiB, ...), as
 * though that much had been unmapped, and the core adds it up.  In a hole
 * 6.1 clears [@iova, @iova + size) from @iova unaligned, which reaches
 * into the entries after the hole when @iova is not aligned to the
 * level; the simulator does the same.  Inside a bigger leaf the whole
 * leaf goes, from its start (6.1 would clear from @iova and walk into
 * the superpage's memory as a table; the simulator does not).  An @iova
 * beyond the domain's width returns 0: 6.1 BUG()s there.
 */
size_t vtd_unmap_pages(struct iommu_domain *domain, unsigned long iova,
		       size_t pgsize, size_t pgcount,
		       struct iommu_iotlb_gather *gather)
{
	struct vtd_domain *vdom;
	size_t size = pgsize * pgcount;
	unsigned int level;
	u64 leaf_size;
	bool leaf;

	if (vtd_domain_is_si(domain))
		return 0;
	vdom = to_vtd_domain(domain);
	level = vtd_pgtable_stop_level(&vdom->pgt, iova, &leaf);
	if (!level)
		return 0;
	leaf_size = vtd_level_size(level);
	if (size < leaf_size) {
		if (leaf)
			iova &= ~(leaf_size - 1);
		size = leaf_size;
	}
	vtd_pgtable_clear(&vdom->pgt, iova, size);
	if (vdom->max_addr == iova + size)
		vdom->max_addr = iova;
	/* A flush queue invalidates the whole domain later. */
	if (!gather->queued)
		iommu_iotlb_gather_add_page(domain, gather, iova, size);
	return size;
}

phys_addr_t vtd_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	if (vtd_domain_is_si(domain))
		return iova;
	return vtd_pgtable_iova_to_phys(&to_vtd_domain(domain)->pgt, iova);
}

static void vtd_flush_dsi(struct vtd_domain *vdom, struct vtd_domain_unit *du)
{
	trace_vtd_iotlb_flush_all(du->iommu->dev, lab_domain_name(&vdom->domain), du->did);
	vtd_flush_iotlb(du->iommu, du->did, 0, 0, DMA_TLB_DSI_FLUSH);
}

/*
 * Page-selective invalidation of @pages pages from @pfn (6.1's
 * iommu_flush_iotlb_psi()).  The hardware takes an address and a mask
 * and drops the 2^mask pages around it, so the mask is widened until the
 * aligned block covers the range; past cap.MAMV, or on a unit without
 * page-selective invalidation, it becomes a DSI.
 */
static void vtd_flush_psi(struct vtd_domain *vdom, struct vtd_domain_unit *du,
			  u64 pfn, u64 pages)
{
	unsigned int mask = 0;
	u64 base;

	while ((1ULL << mask) < pages)
		mask++;
	if (pfn & ((1ULL << mask) - 1)) {
		u64 shared = ~(pfn ^ (pfn + pages - 1)) & ~((1ULL << mask) - 1);

		mask = shared ? __builtin_ctzll(shared) : 64;
	}
	if (!cap_pgsel_inv(du->iommu->cap) || mask > cap_max_amask_val(du->iommu->cap)) {
		vtd_flush_dsi(vdom, du);
		return;
	}
	base = (pfn & ~((1ULL << mask) - 1)) << VTD_PAGE_SHIFT;
	trace_vtd_iotlb_flush_range(du->iommu->dev, lab_domain_name(&vdom->domain), du->did,
				    base, VTD_PAGE_SIZE << mask);
	vtd_flush_iotlb(du->iommu, du->did, base, mask, DMA_TLB_PSI_FLUSH);
}

void vtd_iotlb_sync(struct iommu_domain *domain,
		    struct iommu_iotlb_gather *gather)
{
	struct vtd_domain_unit *du;
	struct vtd_domain *vdom;
	u64 pages;

	if (vtd_domain_is_si(domain) || gather->start > gather->end)
		return;
	vdom = to_vtd_domain(domain);
	/* 6.1's aligned_nrpages(start, end - start) */
	pages = ((gather->start & (VTD_PAGE_SIZE - 1)) +
		 (gather->end - gather->start) + VTD_PAGE_SIZE - 1) >> VTD_PAGE_SHIFT;
	if (!pages)
		pages = 1;
	list_for_each_entry(du, &vdom->units, node)
		vtd_flush_psi(vdom, du, gather->start >> VTD_PAGE_SHIFT, pages);
}

void vtd_flush_iotlb_all(struct iommu_domain *domain)
{
	struct vtd_domain_unit *du;
	struct vtd_domain *vdom;

	if (vtd_domain_is_si(domain))
		return;
	vdom = to_vtd_domain(domain);
	list_for_each_entry(du, &vdom->units, node)
		vtd_flush_dsi(vdom, du);
}
