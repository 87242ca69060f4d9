/*
 * The simulator's side of <lab_v7s_mem.h>: the ARMv7 short-descriptor
 * tables live in a machine's simulated RAM, where the M4U model's walker
 * reads them, and the format's warnings are that machine's trace events.
 * kernel-lab/lab_v7s_mem.c is the kernel's side.
 */
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/gfp.h>
#include <sim/mem.h>
#include <sim/sim.h>
#include <sim/trace.h>

#include <lab_v7s_mem.h>

/* The machine whose RAM holds one page table's tables. */
struct lab_v7s_mem {
	struct sim *sim;
};

/*
 * Host bookkeeping, not one of the simulated kernel's allocations:
 * fail-nth does not count it, so a `set fail.alloc N` script fails the
 * same allocation it always has.
 */
struct lab_v7s_mem *lab_v7s_mem_init(const struct io_pgtable_cfg *cfg,
				     size_t l2_size)
{
	struct sim *sim = io_pgtable_cfg_machine(cfg);
	struct lab_v7s_mem *mem;

	if (!sim)
		return NULL;
	mem = malloc(sizeof(*mem));
	if (mem)
		mem->sim = sim;
	return mem;
}

void lab_v7s_mem_free(struct lab_v7s_mem *mem)
{
	free(mem);
}

int __lab_v7s_table_alloc(struct lab_v7s_mem *mem, int lvl, size_t size,
			  gfp_t gfp, phys_addr_t *pa, const char *caller)
{
	return __alloc_pages_pa(mem->sim, mem->sim->mem, size, size, pa, caller);
}

void lab_v7s_table_free(struct lab_v7s_mem *mem, int lvl, size_t size,
			phys_addr_t pa)
{
	if (sim_mem_release(mem->sim->mem, pa, size))
		trace_v7s_free_unallocated(mem->sim, pa);
}

/* Simulated memory is little endian; its pages are read as host words. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "table pages are read as host words");

u32 *lab_v7s_table_page(struct lab_v7s_mem *mem, phys_addr_t pa)
{
	return sim_mem_ptr(mem->sim->mem, pa);
}

void lab_v7s_warn(struct lab_v7s_mem *mem, unsigned long iova, const char *msg,
		  const char *file, int line, const char *func)
{
	sim_warn_report(mem->sim, file, line, func, NULL);
	trace_v7s_warn(mem->sim, iova, msg);
}

void lab_v7s_table_too_high(struct lab_v7s_mem *mem, phys_addr_t pa)
{
	trace_v7s_table_too_high(mem->sim, pa);
}
