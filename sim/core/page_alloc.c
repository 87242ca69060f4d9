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
