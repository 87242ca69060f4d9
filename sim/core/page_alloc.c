/*
 * Page allocation for the simulated kernel: simulated RAM's allocator,
 * after asking the machine's fault injection; and max_pfn.
 */
#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/gfp.h>
#include <sim/mem.h>
#include <sim/sim.h>

#include <linux/memblock.h>
#include <linux/mm.h>

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

struct page *phys_to_page(phys_addr_t pa)
{
	return (struct page *)(uintptr_t)(PAGE_COOKIE_BASE +
					  (pa >> PAGE_SHIFT) * PAGE_COOKIE_STRIDE);
}

struct page *__alloc_pages_caller(gfp_t gfp, unsigned int order, const char *caller)
{
	struct sim *sim = sim_current();
	phys_addr_t pa;

	(void)gfp;
	if (!sim || __alloc_pages_pa(sim, sim->mem, PAGE_SIZE << order,
				     PAGE_SIZE << order, &pa, caller))
		return NULL;
	return phys_to_page(pa);
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
