/*
 * The DMA API's record of live mappings (kernel/dma/debug.c, reduced to
 * its bookkeeping): each successful map adds an entry per DMA segment to
 * the device's list, the matching unmap or free takes them off.  Nothing
 * here prints or refuses; the checker (sim/check/) reads the lists.
 */
#include <stdlib.h>

#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/scatterlist.h>

#include "core.h"

/* Out of memory: the entry is lost, and the checker checks a little less. */
static void add_entry(struct device *dev, enum dma_debug_type type, dma_addr_t handle,
		      dma_addr_t dev_addr, size_t size, phys_addr_t paddr)
{
	struct dma_debug_entry *e = calloc(1, sizeof(*e));

	if (!e)
		return;
	e->type = type;
	e->handle = handle;
	e->dev_addr = dev_addr;
	e->size = size;
	e->paddr = paddr;
	e->iommu = dma_uses_iommu(dev);
	list_add_tail(&e->node, &dev->dma_debug);
}

static void remove_entries(struct device *dev, enum dma_debug_type type,
			   dma_addr_t handle)
{
	struct dma_debug_entry *e, *next;

	list_for_each_entry_safe(e, next, &dev->dma_debug, node) {
		if (e->type != type || e->handle != handle)
			continue;
		list_del(&e->node);
		free(e);
	}
}

void debug_dma_map_page(struct device *dev, phys_addr_t phys, size_t size,
			dma_addr_t addr)
{
	if (addr != DMA_MAPPING_ERROR && size)
		add_entry(dev, dma_debug_single, addr, addr, size, phys);
}

void debug_dma_unmap_page(struct device *dev, dma_addr_t addr)
{
	remove_entries(dev, dma_debug_single, addr);
}

/*
 * One entry per DMA segment.  A segment that merged several entries of
 * the list has no one physical start the list still shows, so only the
 * first segment of an unmerged list (one entry, one segment) keeps it.
 */
void debug_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		      int mapped_ents)
{
	for (int i = 0; i < mapped_ents; i++)
		add_entry(dev, dma_debug_sg, sg_dma_address(&sg[0]),
			  sg_dma_address(&sg[i]), sg_dma_len(&sg[i]),
			  nents == mapped_ents ? sg_phys(&sg[i]) : DMA_DEBUG_PADDR_UNKNOWN);
}

void debug_dma_unmap_sg(struct device *dev, struct scatterlist *sg)
{
	remove_entries(dev, dma_debug_sg, sg_dma_address(&sg[0]));
}

/* Each block of the buffer, in DMA address order, as far as @size reaches. */
void debug_dma_alloc_coherent(struct device *dev, const struct dma_coherent_buf *buf,
			      size_t size, dma_addr_t handle)
{
	size_t left = (size + SZ_4K - 1) & ~(size_t)(SZ_4K - 1);
	dma_addr_t addr = handle;

	for (unsigned int i = 0; i < buf->nr_chunks && left; i++) {
		size_t len = (size_t)SZ_4K << buf->chunk[i].order;

		if (len > left)
			len = left;
		add_entry(dev, dma_debug_coherent, handle, addr, len, buf->chunk[i].pa);
		addr += len;
		left -= len;
	}
}

void debug_dma_free_coherent(struct device *dev, dma_addr_t handle)
{
	remove_entries(dev, dma_debug_coherent, handle);
}

void dma_debug_device_release(struct device *dev)
{
	struct dma_debug_entry *e, *next;

	list_for_each_entry_safe(e, next, &dev->dma_debug, node) {
		list_del(&e->node);
		free(e);
	}
}
