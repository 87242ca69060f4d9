/*
 * Page allocation for the simulated kernel: simulated RAM's allocator,
 * after asking the machine's fault injection; max_pfn; and the blocks of
 * pages a coherent DMA buffer is built from.
 */
#include <stdlib.h>

#include <sim/current.h>
#include <sim/dma-map-ops.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/gfp.h>
#include <sim/mem.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include <linux/memblock.h>
#include <linux/mm.h>

#define MAX_ORDER		11	/* 6.1: the buddy allocator's orders are 0..10 */

int __alloc_pages_pa(struct sim *sim, struct sim_mem *mem, u64 size, u64 align,
		     phys_addr_t *pa, const char *caller)
{
	if (should_fail_alloc_page(sim, caller))
		return -ENOMEM;
	return sim_mem_alloc(mem, size, align, pa);
}

unsigned long sim_max_pfn(void)
{
	struct sim *sim = sim_current();

	return sim ? sim_mem_ram_end(sim->mem) >> PAGE_SHIFT : 0;
}

/*
 * struct page cookies: 64 bytes a frame (the kernel's struct page size)
 * from 2^62, an address no host pointer of a user process has.
 */
#define PAGE_COOKIE_BASE	(1ULL << 62)
#define PAGE_COOKIE_STRIDE	64

phys_addr_t page_to_phys(struct page *page)
{
	return ((uintptr_t)page - PAGE_COOKIE_BASE) / PAGE_COOKIE_STRIDE << PAGE_SHIFT;
}

struct page *pfn_to_page(unsigned long pfn)
{
	return (struct page *)(uintptr_t)(PAGE_COOKIE_BASE + pfn * PAGE_COOKIE_STRIDE);
}

struct page *__alloc_pages_caller(gfp_t gfp, unsigned int order, const char *caller)
{
	struct sim *sim = sim_current();
	phys_addr_t pa;

	(void)gfp;
	if (!sim || __alloc_pages_pa(sim, sim->mem, PAGE_SIZE << order,
				     PAGE_SIZE << order, &pa, caller))
		return NULL;
	return pfn_to_page(PHYS_PFN(pa));
}

void __free_pages(struct page *page, unsigned int order)
{
	struct sim *sim = sim_current();

	if (sim && page)
		sim_mem_release(sim->mem, page_to_phys(page), PAGE_SIZE << order);
}

void *phys_to_virt(phys_addr_t pa)
{
	struct sim *sim = sim_current();

	return sim ? sim_mem_ptr(sim->mem, pa) : NULL;
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
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return NULL;
	buf->chunk = kcalloc(count, sizeof(*buf->chunk), GFP_KERNEL);
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
