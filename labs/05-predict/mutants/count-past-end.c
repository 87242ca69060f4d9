/*
 * Mutant: the right segments, but a count 1000 past the list's end.  The
 * console must not read past the list: one error line, and every test
 * that maps a list through it fails (the predict part runs the reference).
 * Replaces: dma-iommu-finalise-sg.c
 * Fails: merge max-seg wrap boundary offsets last-short large
 * merge's first list, m1, has 4 entries and 1 segment (merge.expected):
 * Report: error: dma map_sg: dma_map_sg returned 1001 segments for a list of 4 (-EINVAL)
 */
#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/scatterlist.h>

#include "dma-iommu.h"

int __finalise_sg(struct device *dev, struct scatterlist *sg, int nents,
		  dma_addr_t dma_addr)
{
	struct scatterlist *s, *cur = sg;
	unsigned long seg_mask = dma_get_seg_boundary(dev);
	unsigned int cur_len = 0, max_len = dma_get_max_seg_size(dev);
	int i, count = 0;

	for_each_sg(sg, s, nents, i) {
		/* The entry's own offset and length come back first. */
		unsigned int s_iova_off = sg_dma_address(s);
		unsigned int s_length = sg_dma_len(s);
		unsigned int s_iova_len = s->length;

		sg_dma_address(s) = DMA_MAPPING_ERROR;
		sg_dma_len(s) = 0;
		s->offset += s_iova_off;
		s->length = s_length;

		/*
		 * Join the open segment if this entry starts on a granule,
		 * is not at a boundary, and fits: max_len - cur_len is
		 * unsigned, so an oversized first entry lets anything join.
		 */
		if (cur_len && !s_iova_off && (dma_addr & seg_mask) &&
		    max_len - cur_len >= s_length) {
			cur_len += s_length;
		} else {
			if (i > 0)
				cur = sg_next(cur);
			cur_len = s_length;
			count++;
			sg_dma_address(cur) = dma_addr + s_iova_off;
		}
		sg_dma_len(cur) = cur_len;
		dma_addr += s_iova_len;
		/* An entry that ends short of its granule closes the segment. */
		if (s_length + s_iova_off < s_iova_len)
			cur_len = 0;
	}
	/* the mutation: a count past the list's end */
	return count + 1000;
}
