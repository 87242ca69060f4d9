/*
 * Scatter-gather lists, as include/linux/scatterlist.h has them for a
 * flat array: each entry a physically contiguous piece (its page's
 * physical address, an offset into it and a length) and, once mapped,
 * the DMA address and length the DMA API gave it.
 */
#ifndef SIM_SCATTERLIST_H
#define SIM_SCATTERLIST_H

#include <sim/types.h>

struct scatterlist {
	phys_addr_t page_phys;		/* the page's physical address */
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
};

#define sg_dma_address(sg)	((sg)->dma_address)
#define sg_dma_len(sg)		((sg)->dma_length)

static inline phys_addr_t sg_phys(const struct scatterlist *sg)
{
	return sg->page_phys + sg->offset;
}

/* The simulator's lists are arrays: the next entry is the next element. */
static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	return sg + 1;
}

#define for_each_sg(sglist, sg, nr, __i)	\
	for ((__i) = 0, (sg) = (sglist); (__i) < (nr); (__i)++, (sg) = sg_next(sg))

#endif
