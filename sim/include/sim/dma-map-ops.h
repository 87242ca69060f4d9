/*
 * What implements the DMA API (include/linux/dma-map-ops.h): the ops a
 * device's DMA goes through when it does not go direct, the pages a
 * coherent buffer is made of, and the IOMMU core's part in configuring a
 * device's DMA, which the driver core reaches through a table.
 */
#ifndef SIM_DMA_MAP_OPS_H
#define SIM_DMA_MAP_OPS_H

#include <sim/device.h>
#include <sim/dma-mapping.h>

struct sim;
struct scatterlist;
struct iommu_ops;

/*
 * A device's DMA, when it is not dma-direct.  kernel/dma/mapping.c calls
 * these for a device whose dev->dma_ops is set and dma-direct for one
 * whose is NULL; dma-iommu's are the only ones the simulator has.
 */
struct dma_map_ops {
	/* @size bytes the device reaches at *@dma_handle; NULL on failure */
	struct dma_coherent_buf *(*alloc)(struct device *dev, size_t size,
					  dma_addr_t *dma_handle);
	void (*free)(struct device *dev, size_t size, struct dma_coherent_buf *buf,
		     dma_addr_t dma_handle);
	/* the DMA address of @size bytes at @offset into @page_phys, or DMA_MAPPING_ERROR */
	dma_addr_t (*map_page)(struct device *dev, phys_addr_t page_phys,
			       unsigned long offset, size_t size,
			       enum dma_data_direction dir);
	void (*unmap_page)(struct device *dev, dma_addr_t dma_handle, size_t size,
			   enum dma_data_direction dir);
	/* the number of DMA segments, or a negative errno */
	int (*map_sg)(struct device *dev, struct scatterlist *sg, int nents,
		      enum dma_data_direction dir);
	void (*unmap_sg)(struct device *dev, struct scatterlist *sg, int nents,
			 enum dma_data_direction dir);
};

static inline const struct dma_map_ops *get_dma_ops(struct device *dev)
{
	return dev->dma_ops;
}

static inline void set_dma_ops(struct device *dev, const struct dma_map_ops *dma_ops)
{
	dev->dma_ops = dma_ops;
}

/*
 * Forgets how @dev's DMA was set up (arch_teardown_dma_ops()): no ops,
 * and, for the simulator's showing, not configured.
 */
void arch_teardown_dma_ops(struct device *dev);

/*
 * The IOMMU core's part in configuring a device's DMA from its DT node.
 * The kernel's of_dma_configure() calls of_iommu_configure() and then
 * arch_setup_dma_ops(), which gives a device behind an IOMMU to
 * iommu_setup_dma_ops().  Here the driver core sits below the IOMMU core,
 * so it calls both through this table, which the IOMMU core gives the
 * machine when it starts (iommu_subsys_init()).  A machine without one
 * has every device go direct, like a kernel without CONFIG_OF_IOMMU.
 */
struct dma_iommu_configure_ops {
	/*
	 * The ops of the IOMMU in front of @dev, from @master_np's
	 * "iommus" (or, with @id, the host bridge @master_np's
	 * "iommu-map"): NULL for none, ERR_PTR(-EPROBE_DEFER) to wait.
	 */
	const struct iommu_ops *(*of_iommu_configure)(struct device *dev,
						      struct device_node *master_np,
						      const u32 *id);
	/* Gives @dev dma-iommu's ops if its default domain translates. */
	void (*setup_dma_ops)(struct device *dev, u64 dma_base, u64 dma_limit);
	/*
	 * A driver that uses the DMA API binds (iommu_device_use_default_domain():
	 * -EBUSY when the group has an owner) and unbinds.
	 */
	int (*use_default_domain)(struct device *dev);
	void (*unuse_default_domain)(struct device *dev);
};

/*
 * A coherent buffer's pages: @count pages from naturally aligned blocks
 * of the orders in @order_mask, largest first, as the buddy allocator
 * hands them out.  dma-direct asks for one block, dma-iommu for the
 * largest its IOMMU maps in one entry.  NULL when memory runs out.
 */
struct dma_coherent_buf *dma_alloc_page_blocks(struct sim *sim, unsigned int count,
					       unsigned long order_mask);
/* Gives @buf's pages back and frees it. */
void dma_coherent_buf_free(struct sim *sim, struct dma_coherent_buf *buf);

#endif
