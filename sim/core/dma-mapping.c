/*
 * The DMA API's front (kernel/dma/mapping.c, 6.1): each call goes to the
 * device's dma_map_ops when it has some (dma-iommu's, which the IOMMU core
 * installs for a device whose default domain is a DMA domain) and to
 * dma-direct when it has none, then records what was handed out
 * (dma-debug) and traces it.
 */
#include <sim/current.h>
#include <sim/device.h>
#include <sim/dma-map-ops.h>
#include <sim/errno.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>

#include "core.h"

static bool dma_map_direct(const struct dma_map_ops *ops)
{
	return !ops;
}

/* dma-iommu takes any mask; dma-direct one that reaches the lowest RAM. */
static int dma_supported(struct device *dev, u64 mask)
{
	const struct dma_map_ops *ops = get_dma_ops(dev);

	return dma_map_direct(ops) ? dma_direct_supported(dev, mask) : 1;
}

int dma_set_mask(struct device *dev, u64 mask)
{
	SIM_ENTER(dev->sim);
	if (!dma_supported(dev, mask))
		return -EIO;
	dev->dma_mask = mask;
	return 0;
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (!dma_supported(dev, mask))
		return -EIO;
	dev->coherent_dma_mask = mask;
	return 0;
}

void arch_teardown_dma_ops(struct device *dev)
{
	set_dma_ops(dev, NULL);
	dev->dma_configured = false;
}

static bool valid_dma_direction(enum dma_data_direction dir)
{
	return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE || dir == DMA_FROM_DEVICE;
}

dma_addr_t dma_map_page(struct device *dev, phys_addr_t page_phys,
			unsigned long offset, size_t size, enum dma_data_direction dir)
{
	SIM_ENTER(dev->sim);
	const struct dma_map_ops *ops = get_dma_ops(dev);
	phys_addr_t phys = page_phys + offset;
	dma_addr_t addr;

	if (!valid_dma_direction(dir))
		return DMA_MAPPING_ERROR;
	if (dma_map_direct(ops))
		addr = dma_direct_map_page(dev, phys, size);
	else
		addr = ops->map_page(dev, page_phys, offset, size, dir);
	trace_dma_map_page(dev, phys, size, addr);
	debug_dma_map_page(dev, phys, size, addr);
	return addr;
}

void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir)
{
	SIM_ENTER(dev->sim);
	const struct dma_map_ops *ops = get_dma_ops(dev);

	/* dma-direct has nothing to undo: no bounce buffers here. */
	if (!dma_map_direct(ops))
		ops->unmap_page(dev, addr, size, dir);
	debug_dma_unmap_page(dev, addr);
	trace_dma_unmap_page(dev, addr, size);
}

int dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
	       enum dma_data_direction dir)
{
	SIM_ENTER(dev->sim);
	const struct dma_map_ops *ops = get_dma_ops(dev);
	int ents;

	if (!valid_dma_direction(dir) || nents <= 0)
		return 0;
	if (dma_map_direct(ops))
		ents = dma_direct_map_sg(dev, sg, nents);
	else
		ents = ops->map_sg(dev, sg, nents, dir);
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
	const struct dma_map_ops *ops = get_dma_ops(dev);

	debug_dma_unmap_sg(dev, sg);
	if (!dma_map_direct(ops))
		ops->unmap_sg(dev, sg, nents, dir);
	trace_dma_unmap_sg(dev, nents);
}

struct dma_coherent_buf *dma_alloc_coherent(struct device *dev, size_t size,
					    dma_addr_t *handle)
{
	SIM_ENTER(dev->sim);
	const struct dma_map_ops *ops = get_dma_ops(dev);
	struct dma_coherent_buf *buf;

	if (!size)
		return NULL;
	if (dma_map_direct(ops))
		buf = dma_direct_alloc(dev, size, handle);
	else
		buf = ops->alloc(dev, size, handle);
	if (buf)
		debug_dma_alloc_coherent(dev, buf, size, *handle);
	trace_dma_alloc(dev, size, buf ? *handle : DMA_MAPPING_ERROR);
	return buf;
}

void dma_free_coherent(struct device *dev, size_t size, struct dma_coherent_buf *buf,
		       dma_addr_t handle)
{
	SIM_ENTER(dev->sim);
	const struct dma_map_ops *ops = get_dma_ops(dev);

	debug_dma_free_coherent(dev, handle);
	if (dma_map_direct(ops))
		dma_direct_free(dev, buf);
	else
		ops->free(dev, size, buf, handle);
	trace_dma_free(dev, handle);
}
