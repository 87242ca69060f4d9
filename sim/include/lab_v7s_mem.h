/*
 * What the ARMv7 short-descriptor page table (sim/iommu/io-pgtable-arm-v7s.c)
 * does differently in the simulator and in kernel-lab's module, which
 * both compile that file unchanged.  Its tables are named by physical
 * address in both worlds, because the hardware model that walks them
 * reads physical memory; only where that memory comes from and how a
 * descriptor is reached differ.  The simulator's side is
 * sim/iommu/lab_v7s_mem.c, the kernel's kernel-lab/lab_v7s_mem.c.
 */
#ifndef LAB_V7S_MEM_H
#define LAB_V7S_MEM_H

#include <linux/io-pgtable.h>
#include <linux/types.h>

/*
 * Where one page table keeps its tables, made with the table and freed
 * with it.  The simulator's is a machine's simulated RAM (the machine
 * of cfg->iommu_dev, else the current one); the kernel's is its page
 * allocator for level 1 and a kmem_cache of @l2_size-byte objects for
 * level 2, below 4 GiB unless cfg has ARM_MTK_TTBR_EXT, as 6.1 takes
 * them.  NULL when there is no machine (simulator) or no memory.
 */
struct lab_v7s_mem;
struct lab_v7s_mem *lab_v7s_mem_init(const struct io_pgtable_cfg *cfg,
				     size_t l2_size);
void lab_v7s_mem_free(struct lab_v7s_mem *mem);

/*
 * A zeroed level-@lvl table of @size bytes aligned to @size: 0 and *@pa,
 * or -ENOMEM.  The simulator's simulated RAM has no host address a
 * pointer could name for a whole 16 KiB level-1 table, so a table is its
 * physical address in both worlds.  The simulator's fail-nth counts it
 * as a page allocation by @caller; the kernel's takes @gfp for level 2
 * (level 1 comes from whole pages, GFP_DMA32 as above).
 */
int __lab_v7s_table_alloc(struct lab_v7s_mem *mem, int lvl, size_t size,
			  gfp_t gfp, phys_addr_t *pa, const char *caller);
#define lab_v7s_table_alloc(mem, lvl, size, gfp, pa) \
	__lab_v7s_table_alloc(mem, lvl, size, gfp, pa, __func__)
/*
 * Gives a table back.  The simulator reports a table it never handed out
 * (a "pgtable_warn" event); the kernel cannot tell.
 */
void lab_v7s_table_free(struct lab_v7s_mem *mem, int lvl, size_t size,
			phys_addr_t pa);

/*
 * Where the 4 KiB of tables holding @pa (a multiple of 4 KiB) is kept in
 * host memory, as u32 descriptors in the host's order, which is little
 * endian in both worlds: the simulated page in the simulator, whose RAM
 * keeps each page apart; phys_to_virt() in the kernel.  That place never
 * changes while a page table lives (simulated memory is reset only once
 * every page table is gone), so the page table remembers the last ones it
 * used.  NULL only when the simulator is out of host memory: a read is
 * then 0 and a write is lost, as simulated memory's accessors do.
 */
u32 *lab_v7s_table_page(struct lab_v7s_mem *mem, phys_addr_t pa);

/*
 * Reading and writing one descriptor there: READ_ONCE()/WRITE_ONCE() in
 * the kernel, where the software M4U may walk the tables while they
 * change; plain in the simulator, whose walker runs between calls.
 */
#ifdef __KERNEL__
#define lab_v7s_pte_load(ptr)		READ_ONCE(*(ptr))
#define lab_v7s_pte_store(ptr, pte)	WRITE_ONCE(*(ptr), (pte))
#else
#define lab_v7s_pte_load(ptr)		(*(ptr))
#define lab_v7s_pte_store(ptr, pte)	(*(ptr) = (pte))
#endif

/*
 * Where 6.1 WARNs (a "pgtable_warn" event) and where it reports a table
 * that does not fit in a descriptor (dev_err(), a "pgtable_error" event):
 * the same events of <trace/events/iommu_lab.h> in both worlds, whose
 * helpers take the machine first in the simulator and none in the kernel.
 * The simulator also logs the WARN report of @file:@line @func; the
 * module, which must not taint the kernel, only the event.
 */
void lab_v7s_warn(struct lab_v7s_mem *mem, unsigned long iova, const char *msg,
		  const char *file, int line, const char *func);
void lab_v7s_table_too_high(struct lab_v7s_mem *mem, phys_addr_t pa);

#ifdef __KERNEL__
/*
 * The x86 kernel's alloc_io_pgtable_ops() and free_io_pgtable_ops() know
 * no ARM_V7S, so kernel-lab's M4U driver calls these instead: the same
 * contract, for ARM_V7S only (NULL for any other format).  The
 * simulator's io-pgtable.c is the alloc_io_pgtable_ops() itself.
 */
struct io_pgtable_ops *lab_alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
						struct io_pgtable_cfg *cfg,
						void *cookie);
void lab_free_io_pgtable_ops(struct io_pgtable_ops *ops);
#endif

#endif
