/*
 * dma-direct (kernel/dma/direct.c, 6.1): the DMA API for a device with no
 * dma_map_ops, no IOMMU or an identity domain in front of it.  The DMA
 * address is the physical address and must fit the device's mask and its
 * bus's limit.
 */
#include <sim/device.h>
#include <sim/dma-map-ops.h>
#include <sim/errno.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>

#include "core.h"

/* The boards' lowest RAM is reachable with 24 bits at worst (ZONE_DMA). */
int dma_direct_supported(struct device *dev, u64 mask)
{
	return mask >= DMA_BIT_MASK(24);
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

dma_addr_t dma_direct_map_page(struct device *dev, phys_addr_t phys, size_t size)
{
	if (!dma_capable(dev, phys, size)) {
		trace_warn_dma_direct_overflow(dev, phys, size, dma_get_mask(dev),
					       dev->bus_dma_limit);
		return DMA_MAPPING_ERROR;
	}
	return phys;
}

/* Every entry on its own, undone whole if one does not fit. */
int dma_direct_map_sg(struct device *dev, struct scatterlist *sgl, int nents)
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

/* One block of get_order(@size) pages, which must lie below the coherent mask. */
struct dma_coherent_buf *dma_direct_alloc(struct device *dev, size_t size,
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

void dma_direct_free(struct device *dev, struct dma_coherent_buf *buf)
{
	dma_coherent_buf_free(dev->sim, buf);
}
