/*
 * dma_alloc_coherent through dma-iommu (6.1's iommu_dma_alloc_remap path,
 * the one a sleeping caller takes): the buffer is built from the largest
 * page blocks the IOMMU can map in one entry, each naturally aligned as
 * the buddy allocator gives them, falling back to smaller ones, then
 * mapped at one IOVA allocation below the coherent mask.  The "Implement common
 * IOMMU ops for DMA mapping" patch (August 2015) is where it began.
 */
#include <stdlib.h>

#include <sim/device.h>
#include <sim/dma-map-ops.h>
#include <sim/errno.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include "dma-iommu.h"
#include "iommu-priv.h"

#define PAGE_SHIFT		12

struct dma_coherent_buf *iommu_dma_alloc(struct device *dev, size_t size,
					 dma_addr_t *handle)
{
	struct iommu_domain *domain = iommu_get_dma_domain(dev);
	struct iommu_dma_cookie *cookie = domain->iova_cookie;
	struct iova_domain *iovad = &cookie->iovad;
	int ioprot = dma_info_to_prot(DMA_BIDIRECTIONAL, dev_is_dma_coherent(dev));
	unsigned long alloc_sizes = domain->pgsize_bitmap, min_size;
	struct dma_coherent_buf *buf;
	struct scatterlist *sgl;
	unsigned int count;
	dma_addr_t iova;
	ssize_t ret;

	if (iommu_deferred_attach(dev, domain))
		return NULL;
	min_size = alloc_sizes & -alloc_sizes;
	if (min_size < SZ_4K) {
		min_size = SZ_4K;
		alloc_sizes |= SZ_4K;
	} else {
		size = (size + min_size - 1) & ~(min_size - 1);
	}
	count = (size + SZ_4K - 1) >> PAGE_SHIFT;
	buf = dma_alloc_page_blocks(dev->sim, count, alloc_sizes >> PAGE_SHIFT);
	if (!buf)
		return NULL;

	size = iova_align(iovad, size);
	iova = iommu_dma_alloc_iova(domain, size, dev->coherent_dma_mask, dev);
	if (!iova)
		goto out_free_pages;

	/* sg_alloc_table_from_pages(): one entry per block here. */
	sgl = kcalloc(buf->nr_chunks, sizeof(*sgl), GFP_KERNEL);
	if (!sgl)
		goto out_free_iova;
	for (unsigned int i = 0, left = size; i < buf->nr_chunks; i++) {
		unsigned int len = SZ_4K << buf->chunk[i].order;

		sgl[i].page_phys = buf->chunk[i].pa;
		sgl[i].length = len < left ? len : left;
		left -= sgl[i].length;
	}
	ret = iommu_map_sg(domain, iova, sgl, buf->nr_chunks, ioprot);
	free(sgl);
	if (ret < 0 || (size_t)ret < size)
		goto out_free_iova;
	*handle = iova;
	return buf;

out_free_iova:
	iommu_dma_free_iova(cookie, iova, size, NULL);
out_free_pages:
	dma_coherent_buf_free(dev->sim, buf);
	return NULL;
}

void iommu_dma_free(struct device *dev, size_t size, struct dma_coherent_buf *buf,
		    dma_addr_t handle)
{
	__iommu_dma_unmap(dev, handle, size);
	dma_coherent_buf_free(dev->sim, buf);
}
