/*
 * dma-iommu (drivers/iommu/dma-iommu.c, Linux 6.1): the IOVA cookie of a
 * DMA domain, its set-up from the first device (granule, base pfn, the
 * PCI host bridge's windows and the driver's reserved regions kept out),
 * IOVA allocation within the device's limits, and single-page mapping.
 *
 * The parts 6.1 has for bounce buffers, P2P DMA and MSI cookies are left
 * out: no simulated device is untrusted, peer-to-peer or an MSI user.
 */
#include <stdlib.h>

#include <sim/device.h>
#include <sim/dma-map-ops.h>
#include <sim/errno.h>
#include <sim/io-pgtable.h>
#include <sim/of.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include "dma-iommu.h"
#include "iommu-priv.h"

int iommu_get_dma_cookie(struct iommu_domain *domain)
{
	struct iommu_dma_cookie *cookie;

	if (domain->iova_cookie)
		return -EEXIST;
	cookie = kzalloc(sizeof(*cookie), GFP_KERNEL);
	if (!cookie)
		return -ENOMEM;
	cookie->sim = domain->sim;
	domain->iova_cookie = cookie;
	return 0;
}

struct iova_domain *sim_iommu_dma_iovad(struct iommu_domain *domain)
{
	struct iommu_dma_cookie *cookie = domain ? domain->iova_cookie : NULL;

	return cookie && cookie->iovad.granule ? &cookie->iovad : NULL;
}

void iommu_put_dma_cookie(struct iommu_domain *domain)
{
	struct iommu_dma_cookie *cookie = domain->iova_cookie;

	if (!cookie)
		return;
	iommu_dma_free_fq(cookie);
	if (cookie->iovad.granule)
		put_iova_domain(&cookie->iovad);
	free(cookie);
	domain->iova_cookie = NULL;
}

/*
 * The bridge's memory windows, from its "ranges" (3 PCI address cells, the
 * parent's address cells, 2 size cells): DMA to those bus addresses would
 * reach a peer, never memory.  6.1 also keeps out the gaps between the
 * bridge's dma-ranges; the simulated bridges have none.
 */
static int iova_reserve_pci_windows(struct device *dev, struct iova_domain *iovad)
{
	const struct device_node *bridge = dev->of_node ? dev->of_node->parent : NULL;
	u32 pac = 2, cells;
	int len = 0;

	if (!bridge || !of_get_property(bridge, "ranges", &len))
		return 0;
	if (bridge->parent)
		of_property_read_u32(bridge->parent, "#address-cells", &pac);
	cells = 3 + pac + 2;
	for (u32 i = 0; (i + cells) * 4 <= (u32)len; i += cells) {
		u32 flags, hi, lo, shi, slo;
		u64 pci, size;

		of_property_read_u32_index(bridge, "ranges", i, &flags);
		of_property_read_u32_index(bridge, "ranges", i + 1, &hi);
		of_property_read_u32_index(bridge, "ranges", i + 2, &lo);
		of_property_read_u32_index(bridge, "ranges", i + 3 + pac, &shi);
		of_property_read_u32_index(bridge, "ranges", i + 4 + pac, &slo);
		/* Space code 01 is I/O, 10 and 11 are memory. */
		if (!(flags & 0x02000000))
			continue;
		pci = (u64)hi << 32 | lo;
		size = (u64)shi << 32 | slo;
		if (!size)
			continue;
		reserve_iova(iovad, iova_pfn(iovad, pci), iova_pfn(iovad, pci + size - 1));
	}
	return 0;
}

static int iova_reserve_iommu_regions(struct device *dev, struct iommu_domain *domain)
{
	struct iommu_dma_cookie *cookie = domain->iova_cookie;
	struct iova_domain *iovad = &cookie->iovad;
	struct iommu_resv_region *region;
	LIST_HEAD(resv_regions);
	int ret;

	if (dev->bus == &pci_bus_type) {
		ret = iova_reserve_pci_windows(dev, iovad);
		if (ret)
			return ret;
	}
	iommu_get_resv_regions(dev, &resv_regions);
	list_for_each_entry(region, &resv_regions, list) {
		/* dma-iommu manages a software MSI window itself */
		if (region->type == IOMMU_RESV_SW_MSI)
			continue;
		reserve_iova(iovad, iova_pfn(iovad, region->start),
			     iova_pfn(iovad, region->start + region->length - 1));
	}
	iommu_put_resv_regions(dev, &resv_regions);
	return 0;
}

static int iommu_dma_init_domain(struct iommu_domain *domain, dma_addr_t base,
				 dma_addr_t limit, struct device *dev)
{
	struct iommu_dma_cookie *cookie = domain->iova_cookie;
	struct iova_domain *iovad;
	unsigned long order, base_pfn;
	int ret;

	if (!cookie)
		return -EINVAL;
	iovad = &cookie->iovad;
	/* The smallest page size is the IOVA granule; pfn 0 is never handed out. */
	order = __builtin_ctzl(domain->pgsize_bitmap);
	base_pfn = base >> order > 1 ? base >> order : 1;
	if (domain->geometry.force_aperture) {
		if (base > domain->geometry.aperture_end ||
		    limit < domain->geometry.aperture_start) {
			trace_dma_iommu_warn(dev, "specified DMA range outside IOMMU capability");
			sim_printk_level(dev->sim, LOGLEVEL_WARNING,
					 "specified DMA range outside IOMMU capability");
			return -EFAULT;
		}
		if (domain->geometry.aperture_start >> order > base_pfn)
			base_pfn = domain->geometry.aperture_start >> order;
	}

	/* Already set up by an earlier device: it must agree. */
	if (iovad->start_pfn) {
		if (1UL << order != iovad->granule || base_pfn != iovad->start_pfn) {
			trace_dma_iommu_warn(dev, "Incompatible range for DMA domain");
			sim_printk_level(dev->sim, LOGLEVEL_WARNING, "Incompatible range for DMA domain");
			return -EFAULT;
		}
		return 0;
	}

	/* 6.1 BUG()s on a granule above PAGE_SIZE; here it is refused. */
	if (1UL << order > SZ_4K) {
		trace_bug_init_iova_domain(dev, domain->name, 1UL << order);
		/* report_bug()'s line for 6.1's BUG_ON() in init_iova_domain() */
		sim_printk_level(dev->sim, LOGLEVEL_CRIT, "kernel BUG at drivers/iommu/iova.c:60!");
		return -EINVAL;
	}
	init_iova_domain(iovad, 1UL << order, base_pfn);
	iovad->sim = dev->sim;
	iova_domain_set_allocator(iovad, dev->sim->params.iova_allocator);
	ret = iova_domain_init_rcaches(iovad);
	if (ret)
		return ret;
	/* A flush queue that cannot be had means strict invalidation. */
	if (domain->type == IOMMU_DOMAIN_DMA_FQ && iommu_dma_init_fq(domain))
		domain->type = IOMMU_DOMAIN_DMA;
	ret = iova_reserve_iommu_regions(dev, domain);
	trace_dma_domain_init(dev, domain->name, iovad->granule, iovad->start_pfn,
			      cookie->fq_domain != NULL);
	return ret;
}

/* x86 PCI is cache-coherent; a DT device is when its node says so. */
bool dev_is_dma_coherent(struct device *dev)
{
	if (dev->bus == &pci_bus_type)
		return true;
	return dev->of_node && of_property_read_bool(dev->of_node, "dma-coherent");
}

int dma_info_to_prot(enum dma_data_direction dir, bool coherent)
{
	int prot = coherent ? IOMMU_CACHE : 0;

	switch (dir) {
	case DMA_BIDIRECTIONAL:
		return prot | IOMMU_READ | IOMMU_WRITE;
	case DMA_TO_DEVICE:
		return prot | IOMMU_READ;
	case DMA_FROM_DEVICE:
		return prot | IOMMU_WRITE;
	default:
		return 0;
	}
}

dma_addr_t iommu_dma_alloc_iova(struct iommu_domain *domain, size_t size,
				u64 dma_limit, struct device *dev)
{
	struct iommu_dma_cookie *cookie = domain->iova_cookie;
	struct iova_domain *iovad = &cookie->iovad;
	unsigned long shift = iova_shift(iovad), iova_len = size >> shift, iova = 0;

	if (dev->bus_dma_limit && dev->bus_dma_limit < dma_limit)
		dma_limit = dev->bus_dma_limit;
	if (domain->geometry.force_aperture && domain->geometry.aperture_end < dma_limit)
		dma_limit = domain->geometry.aperture_end;
	/* PCI devices try for a 32-bit (SAC) address first. */
	if (dma_limit > DMA_BIT_MASK(32) && dev->bus == &pci_bus_type)
		iova = alloc_iova_fast(iovad, iova_len, DMA_BIT_MASK(32) >> shift, false);
	if (!iova)
		iova = alloc_iova_fast(iovad, iova_len, dma_limit >> shift, true);
	return (dma_addr_t)iova << shift;
}

void iommu_dma_free_iova(struct iommu_dma_cookie *cookie, dma_addr_t iova,
			 size_t size, struct iommu_iotlb_gather *gather)
{
	struct iova_domain *iovad = &cookie->iovad;

	if (gather && gather->queued)
		queue_iova(cookie, iova_pfn(iovad, iova), size >> iova_shift(iovad));
	else
		free_iova_fast(iovad, iova_pfn(iovad, iova), size >> iova_shift(iovad));
}

void __iommu_dma_unmap(struct device *dev, dma_addr_t dma_addr, size_t size)
{
	struct iommu_domain *domain = iommu_get_dma_domain(dev);
	struct iommu_dma_cookie *cookie = domain->iova_cookie;
	struct iova_domain *iovad = &cookie->iovad;
	size_t iova_off = iova_offset(iovad, dma_addr);
	struct iommu_iotlb_gather gather;
	size_t unmapped;

	dma_addr -= iova_off;
	size = iova_align(iovad, size + iova_off);
	iommu_iotlb_gather_init(&gather);
	gather.queued = cookie->fq_domain != NULL;

	unmapped = iommu_unmap_fast(domain, dma_addr, size, &gather);
	if (unmapped != size)
		trace_warn_iommu_dma_unmap(dev, dma_addr, size, unmapped);
	if (!gather.queued)
		iommu_iotlb_sync(domain, &gather);
	iommu_dma_free_iova(cookie, dma_addr, size, &gather);
}

static dma_addr_t __iommu_dma_map(struct device *dev, phys_addr_t phys,
				  size_t size, int prot, u64 dma_mask)
{
	struct iommu_domain *domain = iommu_get_dma_domain(dev);
	struct iommu_dma_cookie *cookie = domain->iova_cookie;
	struct iova_domain *iovad = &cookie->iovad;
	size_t iova_off = iova_offset(iovad, phys);
	dma_addr_t iova;

	if (iommu_deferred_attach(dev, domain))
		return DMA_MAPPING_ERROR;
	size = iova_align(iovad, size + iova_off);
	iova = iommu_dma_alloc_iova(domain, size, dma_mask, dev);
	if (!iova)
		return DMA_MAPPING_ERROR;
	if (iommu_map(domain, iova, phys - iova_off, size, prot)) {
		iommu_dma_free_iova(cookie, iova, size, NULL);
		return DMA_MAPPING_ERROR;
	}
	return iova + iova_off;
}

static dma_addr_t iommu_dma_map_page(struct device *dev, phys_addr_t page_phys,
				     unsigned long offset, size_t size,
				     enum dma_data_direction dir)
{
	return __iommu_dma_map(dev, page_phys + offset, size,
			       dma_info_to_prot(dir, dev_is_dma_coherent(dev)),
			       dma_get_mask(dev));
}

static void iommu_dma_unmap_page(struct device *dev, dma_addr_t dma_handle,
				 size_t size, enum dma_data_direction dir)
{
	struct iommu_domain *domain = iommu_get_dma_domain(dev);

	(void)dir;
	if (!iommu_iova_to_phys(domain, dma_handle)) {
		trace_warn_iommu_dma_unmap_page(dev, dma_handle);
		return;
	}
	__iommu_dma_unmap(dev, dma_handle, size);
}

static const struct dma_map_ops iommu_dma_ops = {
	.alloc		= iommu_dma_alloc,
	.free		= iommu_dma_free,
	.map_page	= iommu_dma_map_page,
	.unmap_page	= iommu_dma_unmap_page,
	.map_sg		= iommu_dma_map_sg,
	.unmap_sg	= iommu_dma_unmap_sg,
};

/*
 * 6.1 installs dma-iommu's ops only for a device whose domain is a DMA
 * domain and whose IOVA space could be set up.  Any other device keeps
 * the platform's, none: dma-direct, an identity default domain
 * (iommu.passthrough=1) among them.
 */
void iommu_setup_dma_ops(struct device *dev, u64 dma_base, u64 dma_limit)
{
	struct iommu_domain *domain = iommu_get_dma_domain(dev);

	set_dma_ops(dev, NULL);
	if (domain && !iommu_is_dma_domain(domain))
		return;
	/* 6.1 warns alike for a group left without a default domain. */
	if (!domain || iommu_dma_init_domain(domain, dma_base, dma_limit, dev)) {
		trace_dma_iommu_warn(dev,
				     "Failed to set up IOMMU for device; retaining platform DMA ops");
		sim_printk_level(dev->sim, LOGLEVEL_WARNING,
				 "Failed to set up IOMMU for device %s; retaining platform DMA ops",
				 dev_kernel_name(dev));
		return;
	}
	set_dma_ops(dev, &iommu_dma_ops);
}
