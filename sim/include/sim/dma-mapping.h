/*
 * The DMA API as drivers call it (include/linux/dma-mapping.h): mapping
 * pages and scatter-gather lists for a device, through the device's
 * dma_map_ops (dma-iommu's, when its default domain is a DMA domain) and
 * straight (dma-direct) when it has none, with the device's mask,
 * segment size and boundary.
 */
#ifndef SIM_DMA_MAPPING_H
#define SIM_DMA_MAPPING_H

#include <sim/device.h>
#include <sim/errno.h>
#include <sim/list.h>
#include <sim/types.h>

struct device;
struct scatterlist;
struct iommu_domain;

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)

/*
 * Maps @size bytes at @offset into the page at @page_phys.  Returns the
 * DMA address, or DMA_MAPPING_ERROR (no IOVA space, a mask too small for
 * a direct mapping, a bad direction).
 */
dma_addr_t dma_map_page(struct device *dev, phys_addr_t page_phys,
			unsigned long offset, size_t size, enum dma_data_direction dir);
void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir);
/*
 * Maps @nents entries.  Returns how many DMA segments they became (the
 * first that many entries carry them), or 0 on failure with the list as
 * it was.
 */
int dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
	       enum dma_data_direction dir);
/* Unmaps a list dma_map_sg() mapped; @nents is what was passed to it. */
void dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
		  enum dma_data_direction dir);

static inline int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	(void)dev;
	return addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

/*
 * A coherent buffer: the page blocks it was built from, in IOVA order,
 * each 2^order pages at a naturally aligned physical address.
 */
struct dma_coherent_buf {
	unsigned int count;		/* pages */
	unsigned int nr_chunks;
	struct {
		phys_addr_t pa;
		unsigned int order;
	} *chunk;
};

/*
 * dma_alloc_coherent(): @size bytes of zeroed memory the device reaches at
 * *@handle, below its coherent mask.  NULL when there is no memory or no
 * IOVA space (or, without an IOMMU, no memory under the mask).
 */
struct dma_coherent_buf *dma_alloc_coherent(struct device *dev, size_t size,
					    dma_addr_t *handle);
void dma_free_coherent(struct device *dev, size_t size, struct dma_coherent_buf *buf,
		       dma_addr_t handle);

/* dma_set_mask(): -EIO when no mapping could satisfy @mask. */
int dma_set_mask(struct device *dev, u64 mask);
/* The same for dma_alloc_coherent()'s buffers. */
int dma_set_coherent_mask(struct device *dev, u64 mask);

static inline u64 dma_get_mask(const struct device *dev)
{
	return dev->dma_mask ? dev->dma_mask : DMA_BIT_MASK(32);
}

/* 64 KiB when the bus set no limit, as without dma_parms. */
static inline unsigned int dma_get_max_seg_size(const struct device *dev)
{
	return dev->max_segment_size ? dev->max_segment_size : SZ_64K;
}

/* What a driver's probe sets to let the DMA API merge longer segments. */
static inline int dma_set_max_seg_size(struct device *dev, unsigned int size)
{
	dev->max_segment_size = size;
	return 0;
}

static inline unsigned long dma_get_seg_boundary(const struct device *dev)
{
	return dev->seg_boundary_mask ? dev->seg_boundary_mask : ~0UL;
}

/*
 * True when @dev's DMA goes through dma_map_ops (dma-iommu's, the only
 * ones the simulator has) rather than dma-direct.
 */
static inline bool dma_uses_iommu(const struct device *dev)
{
	return dev->dma_ops != NULL;
}

/*
 * The DMA API's record of what it handed out (kernel/dma/debug.c): one
 * entry per DMA segment a mapping call returned, on the device's
 * dma_debug list from the map until the matching unmap.  The kernel keeps
 * it only with CONFIG_DMA_API_DEBUG; the simulator always does, and its
 * checker verifies each entry against the tables.
 */
enum dma_debug_type {
	dma_debug_single,		/* dma_map_page */
	dma_debug_sg,			/* dma_map_sg */
	dma_debug_coherent,		/* dma_alloc_coherent */
};

#define DMA_DEBUG_PADDR_UNKNOWN	(~(phys_addr_t)0)

struct dma_debug_entry {
	struct list_head node;		/* dev->dma_debug */
	enum dma_debug_type type;
	dma_addr_t handle;		/* what the unmap or free passes */
	dma_addr_t dev_addr;		/* this segment's DMA address ... */
	size_t size;			/* ... and length */
	/* Where it starts in memory; unknown for a merged sg segment. */
	phys_addr_t paddr;
	bool iommu;			/* mapped through dma-iommu */
};

/* Forgets every entry of @dev (it is going away). */
void dma_debug_device_release(struct device *dev);

#endif
