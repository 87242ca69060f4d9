/*
 * The DMA API's front (kernel/dma/mapping.c and dma-direct, 6.1): a
 * device whose default domain is a DMA domain goes through dma-iommu;
 * any other (no IOMMU, an identity domain) gets dma-direct, where the DMA
 * address is the physical address and must fit the device's mask.
 */
#include <sim/current.h>
#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>

#include "../iommu/dma-iommu.h"
#include "core.h"

u64 dma_get_mask(const struct device *dev)
{
	return dev->dma_mask ? dev->dma_mask : DMA_BIT_MASK(32);
}

unsigned int dma_get_max_seg_size(const struct device *dev)
{
	return dev->max_segment_size ? dev->max_segment_size : SZ_64K;
}

unsigned long dma_get_seg_boundary(const struct device *dev)
{
	return dev->seg_boundary_mask ? dev->seg_boundary_mask : ~0UL;
}

bool dma_uses_iommu(struct device *dev)
{
	struct iommu_domain *domain;
	struct iommu_dma_cookie *cookie;

	if (dev->dma_ops != DMA_OPS_IOMMU)
		return false;
	domain = iommu_get_dma_domain(dev);
	if (!domain || !iommu_is_dma_domain(domain))
		return false;
	cookie = domain->iova_cookie;
	return cookie && cookie->iovad.granule;
}

/*
 * 6.1's dma_supported(): dma-iommu takes any mask; dma-direct needs one
 * that reaches the lowest RAM (here: the machine's, 32 bits at worst for
 * the boards' ZONE_DMA32).
 */
int dma_set_mask(struct device *dev, u64 mask)
{
	SIM_ENTER(dev->sim);
	if (!dma_uses_iommu(dev) && mask < DMA_BIT_MASK(24))
		return -EIO;
	dev->dma_mask = mask;
	return 0;
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (!dma_uses_iommu(dev) && mask < DMA_BIT_MASK(24))
		return -EIO;
	dev->coherent_dma_mask = mask;
	return 0;
}

/* dma_capable(): the whole range below the mask and the bus limit. */
static bool dma_capable(struct device *dev, dma_addr_t addr, size_t size)
{
	dma_addr_t end = addr + size - 1;
	u64 limit = dma_get_mask(dev);

	if (dev->bus_dma_limit && dev->bus_dma_limit < limit)
		limit = dev->bus_dma_limit;
	return addr != DMA_MAPPING_ERROR && end >= addr && end <= limit;
}

static dma_addr_t dma_direct_map_page(struct device *dev, phys_addr_t phys, size_t size)
{
	if (!dma_capable(dev, phys, size)) {
		trace_warn_dma_direct_overflow(dev, phys, size, dma_get_mask(dev),
					       dev->bus_dma_limit);
		return DMA_MAPPING_ERROR;
	}
	return phys;
}

static bool valid_dma_direction(enum dma_data_direction dir)
{
	return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE || dir == DMA_FROM_DEVICE;
}

dma_addr_t dma_map_page(struct device *dev, phys_addr_t page_phys,
			unsigned long offset, size_t size, enum dma_data_direction dir)
{
	SIM_ENTER(dev->sim);
	phys_addr_t phys = page_phys + offset;
	dma_addr_t addr;

	if (!valid_dma_direction(dir))
		return DMA_MAPPING_ERROR;
	if (dma_uses_iommu(dev))
		addr = iommu_dma_map_page(dev, phys, size, dir);
	else
		addr = dma_direct_map_page(dev, phys, size);
	trace_dma_map_page(dev, phys, size, addr);
	debug_dma_map_page(dev, phys, size, addr);
	return addr;
}

void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir)
{
	SIM_ENTER(dev->sim);
	if (dma_uses_iommu(dev))
		iommu_dma_unmap_page(dev, addr, size, dir);
	debug_dma_unmap_page(dev, addr);
	trace_dma_unmap_page(dev, addr, size);
}

/* dma-direct: every entry on its own, undone whole if one does not fit. */
static int dma_direct_map_sg(struct device *dev, struct scatterlist *sgl, int nents)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i) {
		sg_dma_address(sg) = dma_direct_map_page(dev, sg_phys(sg), sg->length);
		if (sg_dma_address(sg) == DMA_MAPPING_ERROR) {
			for (int j = 0; j < i; j++)
				sg_dma_address(&sgl[j]) = DMA_MAPPING_ERROR;
			return -EIO;
		}
		sg_dma_len(sg) = sg->length;
	}
	return nents;
}

int dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
	       enum dma_data_direction dir)
{
	SIM_ENTER(dev->sim);
	int ents;

	if (!valid_dma_direction(dir) || nents <= 0)
		return 0;
	if (dma_uses_iommu(dev))
		ents = iommu_dma_map_sg(dev, sg, nents, dir);
	else
		ents = dma_direct_map_sg(dev, sg, nents);
	trace_dma_map_sg(dev, nents, ents);
	if (ents > 0)
		debug_dma_map_sg(dev, sg, nents, ents);
	/* dma_map_sg() reports every failure as 0. */
	return ents > 0 ? ents : 0;
}

void dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
		  enum dma_data_direction dir)
{
	SIM_ENTER(dev->sim);
	debug_dma_unmap_sg(dev, sg);
	if (dma_uses_iommu(dev))
		iommu_dma_unmap_sg(dev, sg, nents, dir);
	trace_dma_unmap_sg(dev, nents);
}

/*
 * dma-direct's coherent allocation: one block of get_order(size) pages,
 * which must lie below the coherent mask.
 */
static struct dma_coherent_buf *dma_direct_alloc(struct device *dev, size_t size,
						 dma_addr_t *handle)
{
	unsigned int count = (size + SZ_4K - 1) / SZ_4K, order = 0;
	struct dma_coherent_buf *buf;
	u64 end;

	while ((1U << order) < count)
		order++;
	buf = dma_alloc_page_blocks(dev->sim, 1U << order, 1UL << order);
	if (!buf)
		return NULL;
	end = buf->chunk[0].pa + ((u64)SZ_4K << order) - 1;
	if (end > dev->coherent_dma_mask) {
		dma_coherent_buf_free(dev->sim, buf);
		return NULL;
	}
	*handle = buf->chunk[0].pa;
	return buf;
}

struct dma_coherent_buf *dma_alloc_coherent(struct device *dev, size_t size,
					    dma_addr_t *handle)
{
	SIM_ENTER(dev->sim);
	struct dma_coherent_buf *buf;

	if (!size)
		return NULL;
	buf = dma_uses_iommu(dev) ? iommu_dma_alloc(dev, size, handle) :
				    dma_direct_alloc(dev, size, handle);
	if (buf)
		debug_dma_alloc_coherent(dev, buf, size, *handle);
	trace_dma_alloc(dev, size, buf ? *handle : DMA_MAPPING_ERROR);
	return buf;
}

void dma_free_coherent(struct device *dev, size_t size, struct dma_coherent_buf *buf,
		       dma_addr_t handle)
{
	SIM_ENTER(dev->sim);
	debug_dma_free_coherent(dev, handle);
	if (dma_uses_iommu(dev))
		iommu_dma_free(dev, size, buf, handle);
	else
		dma_coherent_buf_free(dev->sim, buf);
	trace_dma_free(dev, handle);
}
