/*
 * dma_map_sg through dma-iommu, as 6.1 does it: the whole list gets one
 * IOVA allocation, each entry aligned to the granule (its sub-granule
 * offset parked in its DMA fields meanwhile), padding added to the entry
 * before one that would cross the segment boundary; then __finalise_sg
 * (dma-iommu-finalise-sg.c) turns the entries back and merges them into
 * DMA segments.
 */
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>

#include "dma-iommu.h"
#include "iommu-priv.h"

/* The list as the caller gave it, its DMA fields marked unmapped. */
static void __invalidate_sg(struct scatterlist *sg, int nents)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sg, s, nents, i) {
		if (sg_dma_address(s) != DMA_MAPPING_ERROR)
			s->offset += sg_dma_address(s);
		if (sg_dma_len(s))
			s->length = sg_dma_len(s);
		sg_dma_address(s) = DMA_MAPPING_ERROR;
		sg_dma_len(s) = 0;
	}
}

int iommu_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir)
{
	struct iommu_domain *domain = iommu_get_dma_domain(dev);
	struct iommu_dma_cookie *cookie = domain->iova_cookie;
	struct iova_domain *iovad = &cookie->iovad;
	struct scatterlist *s, *prev = NULL;
	int prot = dma_info_to_prot(dir, dev_is_dma_coherent(dev));
	unsigned long mask = dma_get_seg_boundary(dev);
	size_t iova_len = 0;
	dma_addr_t iova;
	ssize_t ret;
	int i;

	ret = iommu_deferred_attach(dev, domain);
	if (ret)
		goto out;

	for_each_sg(sg, s, nents, i) {
		size_t s_iova_off = iova_offset(iovad, s->offset);
		size_t s_length = s->length;
		size_t pad_len = (mask - iova_len + 1) & mask;

		sg_dma_address(s) = s_iova_off;
		sg_dma_len(s) = s_length;
		s->offset -= s_iova_off;
		s_length = iova_align(iovad, s_length + s_iova_off);
		s->length = s_length;

		/*
		 * One allocation, aligned to its size: if this entry would
		 * cross a boundary, pad the one before so it starts on it.
		 * pad_len is 0 while iova_len is, so prev is set when used.
		 */
		if (pad_len && pad_len < s_length - 1) {
			prev->length += pad_len;
			iova_len += pad_len;
		}
		iova_len += s_length;
		prev = s;
	}

	if (!iova_len)
		return __finalise_sg(dev, sg, nents, 0);

	iova = iommu_dma_alloc_iova(domain, iova_len, dma_get_mask(dev), dev);
	if (!iova) {
		ret = -ENOMEM;
		goto out_restore_sg;
	}
	ret = iommu_map_sg(domain, iova, sg, nents, prot);
	if (ret < 0 || (size_t)ret < iova_len)
		goto out_free_iova;
	return __finalise_sg(dev, sg, nents, iova);

out_free_iova:
	iommu_dma_free_iova(cookie, iova, iova_len, NULL);
out_restore_sg:
	__invalidate_sg(sg, nents);
out:
	if (ret != -ENOMEM)
		return -EINVAL;
	return ret;
}

void iommu_dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir)
{
	dma_addr_t start = 0, end = 0;
	struct scatterlist *tmp;
	int i;

	(void)dir;
	/* One contiguous allocation: find where it starts and ends. */
	for_each_sg(sg, tmp, nents, i) {
		if (sg_dma_len(tmp) == 0)
			break;
		if (i == 0)
			start = sg_dma_address(tmp);
		end = sg_dma_address(tmp) + sg_dma_len(tmp);
	}
	if (end)
		__iommu_dma_unmap(dev, start, end - start);
}
