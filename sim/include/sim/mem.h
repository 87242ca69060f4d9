/*
 * Simulated physical memory: sparse 4 KiB pages created on first touch,
 * the RAM ranges the board declares, and a deterministic allocator that
 * hands out page-table and DMA-buffer memory from that RAM.
 */
#ifndef SIM_MEM_H
#define SIM_MEM_H

#include <sim/types.h>

struct sim_mem;

/* An empty memory with no RAM ranges; NULL when out of host memory. */
struct sim_mem *sim_mem_new(void);
void sim_mem_free(struct sim_mem *mem);
/* Forgets every page, RAM range and allocation: an empty memory again. */
void sim_mem_reset(struct sim_mem *mem);

/*
 * Declares [@base, @base + @size) as RAM the allocator may hand out.
 * Returns 0, -EINVAL for an empty or overlapping range, -ENOMEM.
 */
int sim_mem_add_ram(struct sim_mem *mem, phys_addr_t base, u64 size);

/*
 * Allocates @size bytes aligned to @align (a power of two, at least 4),
 * zero-filled, lowest free address first.  Returns 0 and sets *@pa, or
 * -ENOMEM when no RAM range has room, -EINVAL for a bad size or alignment.
 */
int sim_mem_alloc(struct sim_mem *mem, u64 size, u64 align, phys_addr_t *pa);
/* Returns what sim_mem_alloc() gave; -EINVAL if [@pa, @pa+@size) was not one allocation. */
int sim_mem_release(struct sim_mem *mem, phys_addr_t pa, u64 size);
/* The end of the highest RAM range (0 with no RAM). */
phys_addr_t sim_mem_ram_end(const struct sim_mem *mem);
/* Bytes currently allocated. */
u64 sim_mem_allocated(const struct sim_mem *mem);
/* True when @pa is RAM that no allocation holds (never given, or given back). */
bool sim_mem_is_free_ram(const struct sim_mem *mem, phys_addr_t pa);

/*
 * Accessors.  Any physical address may be read or written, RAM or not:
 * untouched memory reads as zero.  Values are little-endian in memory.
 */
u32 sim_mem_read32(struct sim_mem *mem, phys_addr_t pa);
void sim_mem_write32(struct sim_mem *mem, phys_addr_t pa, u32 val);
u64 sim_mem_read64(struct sim_mem *mem, phys_addr_t pa);
void sim_mem_write64(struct sim_mem *mem, phys_addr_t pa, u64 val);
void sim_mem_read(struct sim_mem *mem, phys_addr_t pa, void *buf, size_t len);
/*
 * Where byte @pa is kept, for the kernel's phys_to_virt(): valid up to the
 * end of its 4 KiB page, until the memory is reset.  The page is made
 * (zeroed) if it was never touched; NULL only when out of host memory.
 */
void *sim_mem_ptr(struct sim_mem *mem, phys_addr_t pa);
void sim_mem_write(struct sim_mem *mem, phys_addr_t pa, const void *buf, size_t len);

#endif
