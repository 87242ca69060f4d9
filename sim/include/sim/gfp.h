/*
 * The simulated kernel's page allocator (include/linux/gfp.h): pages of
 * simulated RAM, which fail-nth can make fail like slab allocations
 * (fault-inject.h, as fail_page_alloc).
 */
#ifndef SIM_GFP_H
#define SIM_GFP_H

#include <sim/types.h>

struct sim;
struct sim_mem;

/*
 * alloc_pages(): @size bytes aligned to @align from @mem, zeroed, once
 * @sim's fail-nth has had its say (NULL: nobody's).  Returns 0 and sets
 * *@pa, or -ENOMEM (a failure forced, or RAM full), -EINVAL as
 * sim_mem_alloc().  Page tables, DMA buffers and pinned pages come from
 * here; they go back with sim_mem_release().
 */
int __alloc_pages_pa(struct sim *sim, struct sim_mem *mem, u64 size, u64 align,
		     phys_addr_t *pa, const char *caller);
#define alloc_pages_pa(sim, mem, size, align, pa) \
	__alloc_pages_pa(sim, mem, size, align, pa, __func__)

#endif
