// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's side of <lab_v7s_mem.h>, for the project's ARMv7
 * short-descriptor page table (sim/iommu/io-pgtable-arm-v7s.c) built into
 * kernel-lab's module: its tables are real kernel memory, which the
 * software M4U model walks through phys_to_virt().  Level 1 is whole
 * pages and level 2 a kmem_cache of 1 KiB objects, both below 4 GiB
 * unless the table has ARM_MTK_TTBR_EXT, as 6.1 takes them.  6.1 also
 * maps each table for the IOMMU's DMA (dma_map_single()) when the walk is
 * not coherent, as mt8173's is not; here the walker is software reading
 * the same cache-coherent memory, so there is nothing to map or sync.
 * The x86 kernel's alloc_io_pgtable_ops() knows no ARM_V7S, so this file
 * is also the front end kernel-lab's M4U driver reaches the format
 * through.
 * sim/iommu/lab_v7s_mem.c is the simulator's side.
 */
#include <linux/gfp.h>
#include <linux/io-pgtable.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <lab_v7s_mem.h>
#include <trace/events/iommu_lab.h>

/* One page table's allocators. */
struct lab_v7s_mem {
	gfp_t l1_gfp;			/* GFP_DMA32, or anywhere with TTBR_EXT */
	struct kmem_cache *l2_tables;
};

struct lab_v7s_mem *lab_v7s_mem_init(const struct io_pgtable_cfg *cfg,
				     size_t l2_size)
{
	bool anywhere = cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT;
	struct lab_v7s_mem *mem;

	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return NULL;
	mem->l1_gfp = anywhere ? GFP_KERNEL : GFP_DMA32;
	/* 6.1's cache: its name, objects aligned to their size */
	mem->l2_tables = kmem_cache_create("io-pgtable_armv7s_l2", l2_size,
					   l2_size,
					   anywhere ? 0 : SLAB_CACHE_DMA32, NULL);
	if (!mem->l2_tables) {
		kfree(mem);
		return NULL;
	}
	return mem;
}

void lab_v7s_mem_free(struct lab_v7s_mem *mem)
{
	kmem_cache_destroy(mem->l2_tables);
	kfree(mem);
}

/* Level 2 is one of the cache's objects, whatever @size says. */
int __lab_v7s_table_alloc(struct lab_v7s_mem *mem, int lvl, size_t size,
			  gfp_t gfp, phys_addr_t *pa, const char *caller)
{
	void *table;

	if (lvl == 1)
		table = (void *)__get_free_pages(mem->l1_gfp | __GFP_ZERO,
						 get_order(size));
	else
		table = kmem_cache_zalloc(mem->l2_tables, gfp);
	if (!table)
		return -ENOMEM;
	*pa = virt_to_phys(table);
	return 0;
}

void lab_v7s_table_free(struct lab_v7s_mem *mem, int lvl, size_t size,
			phys_addr_t pa)
{
	void *table = phys_to_virt(pa);

	if (lvl == 1)
		free_pages((unsigned long)table, get_order(size));
	else
		kmem_cache_free(mem->l2_tables, table);
}

u32 *lab_v7s_table_page(struct lab_v7s_mem *mem, phys_addr_t pa)
{
	return phys_to_virt(pa);
}

void lab_v7s_warn(struct lab_v7s_mem *mem, unsigned long iova, const char *msg,
		  const char *file, int line, const char *func)
{
	trace_v7s_warn(iova, msg);
}

void lab_v7s_table_too_high(struct lab_v7s_mem *mem, phys_addr_t pa)
{
	trace_v7s_table_too_high(pa);
}

/* 6.1's alloc_io_pgtable_ops() with ARM_V7S as its only format. */
struct io_pgtable_ops *lab_alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
						struct io_pgtable_cfg *cfg,
						void *cookie)
{
	struct io_pgtable *iop;

	if (fmt != ARM_V7S)
		return NULL;
	iop = io_pgtable_arm_v7s_init_fns.alloc(cfg, cookie);
	if (!iop)
		return NULL;
	iop->fmt = fmt;
	iop->cookie = cookie;
	iop->cfg = *cfg;
	return &iop->ops;
}

/* 6.1's free_io_pgtable_ops(): the whole TLB flushed, then the tables freed. */
void lab_free_io_pgtable_ops(struct io_pgtable_ops *ops)
{
	struct io_pgtable *iop;

	if (!ops)
		return;
	iop = io_pgtable_ops_to_pgtable(ops);
	io_pgtable_tlb_flush_all(iop);
	io_pgtable_arm_v7s_init_fns.free(iop);
}
