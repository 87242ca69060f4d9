/*
 * Lab 05, part B: __finalise_sg(), the second half of dma_map_sg through
 * dma-iommu (drivers/iommu/dma-iommu.c in Linux 6.1).  iommu_dma_map_sg()
 * has mapped the whole list at @dma_addr, one granule-aligned entry after
 * the other, with each entry's own offset within its granule in
 * sg_dma_address(s), its own length in sg_dma_len(s), and the length it
 * was mapped with (whole granules, padding included) in s->length.  Give
 * each entry its own fields back and merge the entries into DMA segments,
 * written to the first entries of the list; return how many.  README.md
 * says when an entry may join a segment.
 */
#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/scatterlist.h>

#include "dma-iommu.h"

int __finalise_sg(struct device *dev, struct scatterlist *sg, int nents,
		  dma_addr_t dma_addr)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sg, s, nents, i) {
		/*
		 * TODO: take the entry's offset within its granule, its own
		 * length and its mapped length; mark its DMA fields unused
		 * (DMA_MAPPING_ERROR, 0); give it back its offset and length.
		 */

		/*
		 * TODO: join the open segment, or open the next one (the
		 * next entry of the list, from the first) at dma_addr plus
		 * the entry's offset.  Then move dma_addr past the mapped
		 * length.
		 */
	}
	return 0;
}
