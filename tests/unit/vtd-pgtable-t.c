/*
 * The VT-d second-level page-table format (sim/drivers/vtd_pgtable.c)
 * against entries worked out by hand from the VT-d specification's
 * layout: which 64-bit value lands at which physical address for a
 * 4 KiB, a 2 MiB and a 1 GiB leaf, -EEXIST, unmap, and memory accounting.
 *
 * Every test starts from a machine with empty memory, one RAM range of
 * 1 MiB at 0x100000, made current: the driver takes its tables from the
 * current machine's RAM, as the kernel's from its page allocator.  The allocator hands out the lowest free page first, so the
 * root table is at 0x100000 and the tables made by the walk follow at
 * 0x101000, 0x102000, ... in the order the walk needs them.
 *
 * Entry bits: R = bit 0 (0x1), W = bit 1 (0x2), PS = bit 7 (0x80),
 * SNP = bit 11 (0x800); a table entry is the next table's address | R | W.
 * Index at level L = (iova >> (12 + 9 * (L - 1))) & 0x1ff; entry i of a
 * table sits at table + 8 * i.
 */
#include <stdlib.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/mem.h>
#include <sim/sim.h>
#include <sim/types.h>

#include "../../sim/drivers/vtd.h"
#include "unit.h"

#define RAM_BASE	0x100000ULL
#define RAM_SIZE	0x100000ULL

struct fixture {
	struct sim *sim;
	struct sim_mem *mem;
	struct vtd_pgtable pgt;
};

static struct fixture *fixture_new(unsigned int levels)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->sim = sim_new();
	assert_non_null(f->sim);
	f->mem = f->sim->mem;
	assert_int_equal(sim_mem_add_ram(f->mem, RAM_BASE, RAM_SIZE), 0);
	sim_enter(f->sim);
	vtd_pgtable_init(&f->pgt, levels);
	assert_int_equal(vtd_pgtable_alloc_root(&f->pgt), 0);
	/* the first page of RAM */
	assert_int_equal(f->pgt.root, 0x100000);
	return f;
}

static void fixture_free(struct fixture *f)
{
	vtd_pgtable_free(&f->pgt);
	/* every table given back: nothing else was allocated */
	assert_int_equal(sim_mem_allocated(f->mem), 0);
	sim_free(f->sim);
	free(f);
}

static u64 rd(struct fixture *f, phys_addr_t pa)
{
	return sim_mem_read64(f->mem, pa);
}

static void test_level_arithmetic(void **state)
{
	(void)state;
	/* (39 - 12 + 8) / 9 = 35 / 9 = 3; (48 - 12 + 8) / 9 = 4; 53 / 9 = 5 */
	assert_int_equal(vtd_width_to_levels(39), 3);
	assert_int_equal(vtd_width_to_levels(48), 4);
	assert_int_equal(vtd_width_to_levels(57), 5);
	/* 12 + 9 * 3 = 39, 12 + 9 * 4 = 48 */
	assert_int_equal(vtd_levels_to_width(3), 39);
	assert_int_equal(vtd_levels_to_width(4), 48);
	/* 0x1000 << 9 = 0x200000; << 18 = 0x40000000 */
	assert_int_equal(vtd_level_size(1), 0x1000);
	assert_int_equal(vtd_level_size(2), 0x200000);
	assert_int_equal(vtd_level_size(3), 0x40000000);
}

/*
 * 4 KiB: iova 0x40201000 -> pa 0x12345000, R|W.
 *   level 3 index: 0x40201000 >> 30 = 1
 *   level 2 index: 0x40201000 >> 21 = 0x201; 0x201 & 0x1ff = 0x001
 *   level 1 index: 0x40201000 >> 12 = 0x40201; 0x40201 & 0x1ff = 0x001
 * The walk makes the level-2 table (0x101000), then the level-1 table
 * (0x102000).
 *   root[1] @ 0x100000 + 8 * 1 = 0x100008: 0x101000 | 0x3 = 0x101003
 *   L2[1]   @ 0x101000 + 8 * 1 = 0x101008: 0x102000 | 0x3 = 0x102003
 *   L1[1]   @ 0x102000 + 8 * 1 = 0x102008: 0x12345000 | 0x3 = 0x12345003
 */
static void test_map_4k(void **state)
{
	struct fixture *f = fixture_new(3);
	unsigned int level = 0;

	(void)state;
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x40201000, 0x12345000, SZ_4K,
					 VTD_PTE_R | VTD_PTE_W), 0);
	assert_int_equal(rd(f, 0x100008), 0x101003);
	assert_int_equal(rd(f, 0x101008), 0x102003);
	assert_int_equal(rd(f, 0x102008), 0x12345003);
	/* neighbours untouched: root[0] @ 0x100000, L1[2] @ 0x102010 */
	assert_int_equal(rd(f, 0x100000), 0);
	assert_int_equal(rd(f, 0x102010), 0);
	/* three tables: 3 * 0x1000 */
	assert_int_equal(sim_mem_allocated(f->mem), 0x3000);

	assert_int_equal(vtd_pgtable_lookup(&f->pgt, 0x40201000, &level),
			 0x12345003);
	assert_int_equal(level, 1);
	/* 0x12345000 + (0x40201abc & 0xfff) = 0x12345abc */
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0x40201abc), 0x12345abc);
	/* the next page, 0x40202000, is not mapped */
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0x40202000), 0);
	fixture_free(f);
}

/*
 * 2 MiB: iova 0x80400000 -> pa 0x40000000, R only.
 *   level 3 index: 0x80400000 >> 30 = 2
 *   level 2 index: 0x80400000 >> 21 = 0x402; 0x402 & 0x1ff = 0x002
 * One new table, level 2, at 0x101000.
 *   root[2] @ 0x100000 + 8 * 2 = 0x100010: 0x101000 | 0x3 = 0x101003
 *   L2[2]   @ 0x101000 + 8 * 2 = 0x101010: 0x40000000 | 0x80 | 0x1
 *                                         = 0x40000081
 */
static void test_map_2m(void **state)
{
	struct fixture *f = fixture_new(3);
	unsigned int level = 0;

	(void)state;
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x80400000, 0x40000000, SZ_2M,
					 VTD_PTE_R), 0);
	assert_int_equal(rd(f, 0x100010), 0x101003);
	assert_int_equal(rd(f, 0x101010), 0x40000081);
	/* two tables: 2 * 0x1000 */
	assert_int_equal(sim_mem_allocated(f->mem), 0x2000);

	assert_int_equal(vtd_pgtable_lookup(&f->pgt, 0x80400000, &level),
			 0x40000081);
	assert_int_equal(level, 2);
	/* 0x40000000 + (0x80412345 & 0x1fffff) = 0x40000000 + 0x12345 */
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0x80412345), 0x40012345);
	/* last byte: 0x40000000 + 0x1fffff = 0x401fffff */
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0x805fffff), 0x401fffff);
	/* 0x80600000 is L2[3]: empty */
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0x80600000), 0);
	fixture_free(f);
}

/*
 * 1 GiB: iova 0xc0000000 -> pa 0x80000000, W and SNP.
 *   level 3 index: 0xc0000000 >> 30 = 3
 * No new table: the leaf sits in the root.
 *   root[3] @ 0x100000 + 8 * 3 = 0x100018:
 *           0x80000000 | 0x800 | 0x80 | 0x2 = 0x80000882
 */
static void test_map_1g(void **state)
{
	struct fixture *f = fixture_new(3);
	unsigned int level = 0;

	(void)state;
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0xc0000000, 0x80000000, SZ_1G,
					 VTD_PTE_W | VTD_PTE_SNP), 0);
	assert_int_equal(rd(f, 0x100018), 0x80000882);
	/* the root alone */
	assert_int_equal(sim_mem_allocated(f->mem), 0x1000);

	assert_int_equal(vtd_pgtable_lookup(&f->pgt, 0xc1234567, &level),
			 0x80000882);
	assert_int_equal(level, 3);
	/* 0x80000000 + (0xc1234567 & 0x3fffffff) = 0x80000000 + 0x1234567 */
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0xc1234567), 0x81234567);
	fixture_free(f);
}

static void test_bad_arguments(void **state)
{
	struct fixture *f = fixture_new(3);

	(void)state;
	/* 64 KiB is no VT-d page size */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0, 0x10000, SZ_64K, VTD_PTE_R),
			 -EINVAL);
	/* 0x201000 is not 2 MiB aligned */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x201000, 0x200000, SZ_2M,
					 VTD_PTE_R), -EINVAL);
	/* neither R nor W */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x1000, 0x1000, SZ_4K, 0),
			 -EINVAL);
	/* 2^39 = 0x8000000000 is one past what 3 levels reach */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x8000000000ULL, 0x1000, SZ_4K,
					 VTD_PTE_R), -ERANGE);
	/* nothing was allocated on the way */
	assert_int_equal(sim_mem_allocated(f->mem), 0x1000);
	fixture_free(f);
}

/*
 * The three mappings above in one table, then maps over them.  Tables:
 * root 0x100000, L2 for root[1] 0x101000, L1 0x102000, L2 for root[2]
 * 0x103000.
 */
static void test_eexist(void **state)
{
	struct fixture *f = fixture_new(3);

	(void)state;
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x40201000, 0x12345000, SZ_4K,
					 VTD_PTE_R | VTD_PTE_W), 0);
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x80400000, 0x40000000, SZ_2M,
					 VTD_PTE_R), 0);
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0xc0000000, 0x80000000, SZ_1G,
					 VTD_PTE_W), 0);
	/* root[2] @ 0x100010 = 0x103000 | 0x3; L2[2] @ 0x103010 = 0x40000081 */
	assert_int_equal(rd(f, 0x100010), 0x103003);
	assert_int_equal(rd(f, 0x103010), 0x40000081);
	/* four tables: 4 * 0x1000 */
	assert_int_equal(sim_mem_allocated(f->mem), 0x4000);

	/* the same 4 KiB page again */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x40201000, 0x55555000, SZ_4K,
					 VTD_PTE_R), -EEXIST);
	/* a 4 KiB page inside the 2 MiB leaf: the walk stops at its PS entry */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x80401000, 0x55555000, SZ_4K,
					 VTD_PTE_R), -EEXIST);
	/* a 4 KiB page inside the 1 GiB leaf, root[3] */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0xc0001000, 0x55555000, SZ_4K,
					 VTD_PTE_R), -EEXIST);
	/* 2 MiB over the L1 table holding the 4 KiB leaf: L2[1] of 0x101000 */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x40200000, 0x00200000, SZ_2M,
					 VTD_PTE_R), -EEXIST);
	/* 1 GiB over root[1], which leads down to the same leaf */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x40000000, 0x40000000, SZ_1G,
					 VTD_PTE_R), -EEXIST);
	/* the leaves are as they were */
	assert_int_equal(rd(f, 0x102008), 0x12345003);
	assert_int_equal(rd(f, 0x100018), 0x80000082);
	assert_int_equal(sim_mem_allocated(f->mem), 0x4000);
	fixture_free(f);
}

static void test_unmap(void **state)
{
	struct fixture *f = fixture_new(3);

	(void)state;
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x40201000, 0x12345000, SZ_4K,
					 VTD_PTE_R | VTD_PTE_W), 0);
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x80400000, 0x40000000, SZ_2M,
					 VTD_PTE_R), 0);

	/* the 4 KiB leaf: L1[1] @ 0x102008 cleared, tables kept (as 6.1) */
	assert_int_equal(vtd_pgtable_unmap(&f->pgt, 0x40201000, SZ_4K), 0x1000);
	assert_int_equal(rd(f, 0x102008), 0);
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0x40201000), 0);
	assert_int_equal(vtd_pgtable_lookup(&f->pgt, 0x40201000, NULL), 0);
	assert_int_equal(sim_mem_allocated(f->mem), 0x4000);
	/* again: nothing there */
	assert_int_equal(vtd_pgtable_unmap(&f->pgt, 0x40201000, SZ_4K), 0);

	/*
	 * A 2 MiB leaf where the emptied L1 table hangs: the table
	 * (0x102000) is freed and L2[1] @ 0x101008 becomes the leaf,
	 * 0x00200000 | 0x80 | 0x3 = 0x00200083.  Three tables left.
	 */
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x40200000, 0x00200000, SZ_2M,
					 VTD_PTE_R | VTD_PTE_W), 0);
	assert_int_equal(rd(f, 0x101008), 0x200083);
	assert_int_equal(sim_mem_allocated(f->mem), 0x3000);

	/* 4 KiB inside the 2 MiB leaf at 0x80400000 takes the whole leaf */
	assert_int_equal(vtd_pgtable_unmap(&f->pgt, 0x80401000, SZ_4K), 0x200000);
	/* root[2]'s L2 table is 0x103000; its entry 2 @ 0x103010 */
	assert_int_equal(rd(f, 0x103010), 0);
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0x80400000), 0);

	/* 2 MiB over 0x40200000 clears L2[1] @ 0x101008 */
	assert_int_equal(vtd_pgtable_unmap(&f->pgt, 0x40200000, SZ_2M), 0x200000);
	assert_int_equal(rd(f, 0x101008), 0);
	fixture_free(f);
}

/*
 * Unmapping 2 MiB over 4 KiB leaves clears them all and frees the level-1
 * table the range covers whole.  iova 0x200000 and 0x3ff000 are L1[0] and
 * L1[0x1ff] of one table: 0x3ff000 >> 12 = 0x3ff, & 0x1ff = 0x1ff.
 * Tables: root 0x100000, L2 0x101000, L1 0x102000.
 */
static void test_unmap_frees_covered_table(void **state)
{
	struct fixture *f = fixture_new(3);

	(void)state;
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x200000, 0x7000, SZ_4K,
					 VTD_PTE_R), 0);
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x3ff000, 0x8000, SZ_4K,
					 VTD_PTE_R), 0);
	/* L1[0x1ff] @ 0x102000 + 8 * 0x1ff = 0x102ff8: 0x8000 | 0x1 */
	assert_int_equal(rd(f, 0x102ff8), 0x8001);
	assert_int_equal(sim_mem_allocated(f->mem), 0x3000);

	assert_int_equal(vtd_pgtable_unmap(&f->pgt, 0x200000, SZ_2M), 0x200000);
	/* L2[1] @ 0x101008 cleared, the L1 table given back */
	assert_int_equal(rd(f, 0x101008), 0);
	assert_int_equal(sim_mem_allocated(f->mem), 0x2000);
	fixture_free(f);
}

/*
 * Knocking out levels (6.1's prepare_domain_attach_device()): a 57-bit,
 * 5-level table with iova 0x1000 -> pa 0x5000 has tables L5 0x100000, L4
 * 0x101000, L3 0x102000, L2 0x103000, L1 0x104000, each reached through
 * entry 0 (every index of 0x1000 above level 1 is 0; at level 1 it is 1).
 * Dropping a level makes entry 0's table the root and frees the old one.
 */
static void test_drop_level(void **state)
{
	struct fixture *f = fixture_new(5);

	(void)state;
	assert_int_equal(vtd_pgtable_map(&f->pgt, 0x1000, 0x5000, SZ_4K,
					 VTD_PTE_R | VTD_PTE_W), 0);
	assert_int_equal(rd(f, 0x100000), 0x101003);
	/* L1[1] @ 0x104008 = 0x5000 | 0x3 */
	assert_int_equal(rd(f, 0x104008), 0x5003);
	assert_int_equal(sim_mem_allocated(f->mem), 0x5000);

	vtd_pgtable_drop_level(&f->pgt);
	assert_int_equal(f->pgt.levels, 4);
	assert_int_equal(f->pgt.root, 0x101000);
	assert_int_equal(sim_mem_allocated(f->mem), 0x4000);

	vtd_pgtable_drop_level(&f->pgt);
	assert_int_equal(f->pgt.levels, 3);
	assert_int_equal(f->pgt.root, 0x102000);
	assert_int_equal(sim_mem_allocated(f->mem), 0x3000);
	assert_int_equal(vtd_pgtable_iova_to_phys(&f->pgt, 0x1234), 0x5234);

	/* three levels is as low as VT-d goes */
	vtd_pgtable_drop_level(&f->pgt);
	assert_int_equal(f->pgt.levels, 3);
	fixture_free(f);
}

/* Memory accounting returns to where it was when the tables are freed. */
static void test_free_returns_memory(void **state)
{
	struct sim *sim = sim_new();
	struct vtd_pgtable pgt;
	struct sim_mem *mem;
	phys_addr_t other;

	(void)state;
	assert_non_null(sim);
	mem = sim->mem;
	assert_int_equal(sim_mem_add_ram(mem, RAM_BASE, RAM_SIZE), 0);
	sim_enter(sim);
	/* something else owns the first page: the root lands at 0x101000 */
	assert_int_equal(sim_mem_alloc(mem, 0x1000, 0x1000, &other), 0);
	assert_int_equal(other, 0x100000);
	assert_int_equal(sim_mem_allocated(mem), 0x1000);

	vtd_pgtable_init(&pgt, 3);
	assert_int_equal(vtd_pgtable_alloc_root(&pgt), 0);
	assert_int_equal(pgt.root, 0x101000);
	assert_int_equal(vtd_pgtable_map(&pgt, 0x40201000, 0x12345000, SZ_4K,
					 VTD_PTE_R), 0);
	assert_int_equal(vtd_pgtable_map(&pgt, 0x80400000, 0x40000000, SZ_2M,
					 VTD_PTE_R), 0);
	/* 1 + root + L2 + L1 + L2 = 5 pages */
	assert_int_equal(sim_mem_allocated(mem), 0x5000);
	vtd_pgtable_free(&pgt);
	assert_int_equal(sim_mem_allocated(mem), 0x1000);
	assert_int_equal(sim_mem_release(mem, other, 0x1000), 0);
	assert_int_equal(sim_mem_allocated(mem), 0);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_arithmetic),
		cmocka_unit_test(test_map_4k),
		cmocka_unit_test(test_map_2m),
		cmocka_unit_test(test_map_1g),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_eexist),
		cmocka_unit_test(test_unmap),
		cmocka_unit_test(test_unmap_frees_covered_table),
		cmocka_unit_test(test_drop_level),
		cmocka_unit_test(test_free_returns_memory),
	};

	return unit_run("vtd-pgtable", tests, ARRAY_SIZE(tests));
}
