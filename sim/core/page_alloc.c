/*
 * Page allocation for the simulated kernel: simulated RAM's allocator,
 * after asking the machine's fault injection, and the blocks of pages a
 * coherent DMA buffer is built from.
 */
#include <stdlib.h>

#include <sim/dma-map-ops.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/gfp.h>
#include <sim/mem.h>
#include <sim/sim.h>
#include <sim/slab.h>

#define MAX_ORDER		11	/* 6.1: the buddy allocator's orders are 0..10 */

int __alloc_pages_pa(struct sim *sim, struct sim_mem *mem, u64 size, u64 align,
		     phys_addr_t *pa, const char *caller)
{
	if (should_fail_alloc_page(sim, caller))
		return -ENOMEM;
	return sim_mem_alloc(mem, size, align, pa);
}

static unsigned int fls_u(unsigned int x)
{
	return 31 - __builtin_clz(x);
}

/* alloc_pages(): a naturally aligned block of 2^@order pages, or failure. */
static int alloc_block(struct sim *sim, unsigned int order, phys_addr_t *pa)
{
	u64 size = (u64)SZ_4K << order;

	if (order >= MAX_ORDER)
		return -ENOMEM;
	return alloc_pages_pa(sim, sim->mem, size, size, pa);
}

void dma_coherent_buf_free(struct sim *sim, struct dma_coherent_buf *buf)
{
	for (unsigned int i = 0; i < buf->nr_chunks; i++)
		sim_mem_release(sim->mem, buf->chunk[i].pa, (u64)SZ_4K << buf->chunk[i].order);
	free(buf->chunk);
	free(buf);
}

/* dma-iommu's __iommu_dma_alloc_pages(), for both. */
struct dma_coherent_buf *dma_alloc_page_blocks(struct sim *sim, unsigned int count,
					       unsigned long order_mask)
{
	struct dma_coherent_buf *buf;

	order_mask &= (2U << MAX_ORDER) - 1;
	if (!order_mask)
		return NULL;
	buf = kzalloc(sim, sizeof(*buf));
	if (!buf)
		return NULL;
	buf->chunk = kcalloc(sim, count, sizeof(*buf->chunk));
	if (!buf->chunk) {
		free(buf);
		return NULL;
	}
	buf->count = count;
	while (count) {
		unsigned int order_size = 0, order = 0;
		phys_addr_t pa = 0;
		bool got = false;

		for (order_mask &= (2U << fls_u(count)) - 1; order_mask;
		     order_mask &= ~order_size) {
			order = fls_u(order_mask);
			order_size = 1U << order;
			if (!alloc_block(sim, order, &pa)) {
				got = true;
				break;
			}
		}
		if (!got) {
			dma_coherent_buf_free(sim, buf);
			return NULL;
		}
		buf->chunk[buf->nr_chunks].pa = pa;
		buf->chunk[buf->nr_chunks].order = order;
		buf->nr_chunks++;
		count -= order_size;
	}
	return buf;
}
