/*
 * The VT-d and edu hardware models on q35-vtd, and the VT-d driver's use
 * of them.  Expected values come from the VT-d specification's register
 * and table layouts (chapters "Register Descriptions", "Translation
 * Structure Formats"), QEMU 7.2's intel-iommu CAP/ECAP and edu register
 * map, Linux 6.1's drivers/iommu/intel/dmar.c for the fault lines, and
 * hand calculation in the comments; never from the simulator's output.
 *
 * The board: dmar0's registers at 0xfed90000 (fault event on SPI 0,
 * line 32), RAM 512 MiB from 0, edu at 00:03.0 (source ID 0x18) with
 * BAR0 where SeaBIOS puts it on the QEMU guest, 0xfea00000 (its
 * assigned-addresses; q35-vtd.dts works it out).  Bus 0 also has the
 * functions with no driver: the MCH at 00:00.0, VGA at 00:01.0, the NIC
 * at 00:02.0 and the ICH9 functions at 00:1f.0, 00:1f.2 and 00:1f.3, one
 * multi-function device.  The memory allocator hands out the lowest free
 * 4 KiB first.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/edu-hw.h>
#include <sim/errno.h>
#include <sim/hw.h>
#include <sim/io-pgtable.h>
#include <sim/io.h>
#include <sim/iommu.h>
#include <sim/irq.h>
#include <sim/mem.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>
#include <sim/vtd-hw.h>

#include "unit.h"

#define DMAR		0xfed90000ULL
#define EDU_BAR0	0xfea00000ULL
#define EDU_SID		0x18		/* bus 0, device 3, function 0: 3 << 3 */
#define MS		NSEC_PER_MSEC

static struct sim *boot_board(const char *board, unsigned int flags)
{
	return unit_boot(TEST_BOARDS, board, flags);
}

static struct sim *boot(unsigned int flags)
{
	return boot_board("q35-vtd", flags);
}

static u64 rd(struct sim *sim, u64 pa, unsigned int size)
{
	return sim_mmio_read(sim, pa, size);
}

static void wr(struct sim *sim, u64 pa, u64 v, unsigned int size)
{
	sim_mmio_write(sim, pa, v, size);
}

static void record_last(void *ctx, u64 addr, const struct sim_dma_xlate *x)
{
	(void)addr;
	*(struct sim_dma_xlate *)ctx = *x;
}

/* `dma read|write edu`: the engine programmed through BAR0. */
static int edu_dma(struct sim *sim, u64 iova, void *buf, size_t len, bool write,
		   struct sim_dma_xlate *x)
{
	struct sim_hw *hw = sim_hw_find_by_name(sim, "edu");

	assert_non_null(hw);
	return hw->type->dma_engine(hw, iova, buf, len, write, record_last, x);
}

/* An access by function @dev's hardware, not its DMA engine. */
static int dev_dma(struct device *dev, u64 addr, void *buf, size_t len,
		   struct sim_dma_xlate *x)
{
	struct sim_bus_master master;

	assert_non_null(dev);
	dev_bus_master(dev, &master);
	return sim_dma_access(&master, 0, addr, buf, len, false, record_last, x);
}

static struct sim_hw *dmar0(struct sim *sim)
{
	struct sim_hw *hw = sim_hw_find_by_name(sim, "dmar0");

	assert_non_null(hw);
	return hw;
}

static struct iommu_domain *edu_domain(struct sim *sim)
{
	struct iommu_domain *domain = iommu_get_domain_for_dev(sim_find_device(sim, "edu"));

	assert_non_null(domain);
	return domain;
}

static const char *klog(struct sim *sim, size_t i)
{
	const struct sim_klog_line *line = sim_klog_get(sim, i);

	assert_non_null(line);
	return line->text;
}

static void test_walker(void **state)
{
	struct sim_mem *mem = sim_mem_new();
	struct sim_pgtable_walk w;

	(void)state;
	assert_int_equal(sim_mem_add_ram(mem, 0, SZ_1G), 0);
	/*
	 * A 3-level table at 0x10000.  IOVA 0x40201000: level 3 index
	 * 0x40201000 >> 30 = 1, level 2 index (>> 21) & 0x1ff = 1, level 1
	 * index (>> 12) & 0x1ff = 1.  Table entries: next | R | W.
	 */
	sim_mem_write64(mem, 0x10000 + 1 * 8, 0x11000 | 0x3);
	sim_mem_write64(mem, 0x11000 + 1 * 8, 0x12000 | 0x3);
	sim_mem_write64(mem, 0x12000 + 1 * 8, 0x7654000 | 0x1);	/* 4K, read only */
	vtd_sl_walk(mem, 0x10000, 3, 39, false, 0x40201abc, &w);
	assert_int_equal(w.nr_steps, 3);
	assert_string_equal(w.step[0].type, "table");
	assert_int_equal(w.step[0].level, 1);		/* the walk's first table */
	assert_int_equal(w.step[0].desc_pa, 0x10008);
	assert_int_equal(w.step[1].desc_pa, 0x11008);
	assert_string_equal(w.step[2].type, "4K");
	assert_int_equal(w.step[2].desc_pa, 0x12008);
	assert_true(w.mapped);
	assert_int_equal(w.pa, 0x7654abc);		/* page | IOVA 11:0 */
	assert_int_equal(w.block_size, SZ_4K);

	/* Level 2 index 2 (IOVA 0x40400000): a 2 MiB leaf, PS = bit 7. */
	sim_mem_write64(mem, 0x11000 + 2 * 8, 0x20000000 | 0x80 | 0x3);
	vtd_sl_walk(mem, 0x10000, 3, 39, false, 0x40412345, &w);
	assert_string_equal(w.step[1].type, "2M");
	assert_int_equal(w.pa, 0x20012345);		/* base | IOVA 20:0 */
	assert_int_equal(w.block_size, SZ_2M);

	/* Level 3 index 2 (IOVA 0x80000000): a 1 GiB leaf. */
	sim_mem_write64(mem, 0x10000 + 2 * 8, 0x40000000 | 0x80 | 0x3);
	vtd_sl_walk(mem, 0x10000, 3, 39, false, 0x80abcdef, &w);
	assert_int_equal(w.nr_steps, 1);
	assert_string_equal(w.step[0].type, "1G");
	assert_int_equal(w.pa, 0x40abcdef);

	/* Nothing at level 3 index 0: a fault covering 1 GiB. */
	vtd_sl_walk(mem, 0x10000, 3, 39, false, 0x1000, &w);
	assert_string_equal(w.step[0].type, "fault");
	assert_false(w.mapped);
	assert_int_equal(w.block_size, SZ_1G);

	/* SNP (bit 11) in a leaf is reserved without snoop control only. */
	sim_mem_write64(mem, 0x12000 + 1 * 8, 0x7654000 | 0x800 | 0x1);
	vtd_sl_walk(mem, 0x10000, 3, 39, false, 0x40201000, &w);
	assert_string_equal(w.step[2].type, "reserved");
	vtd_sl_walk(mem, 0x10000, 3, 39, true, 0x40201000, &w);
	assert_string_equal(w.step[2].type, "4K");
	/* An address bit at or above the width (bit 39) is reserved. */
	sim_mem_write64(mem, 0x12000 + 1 * 8, (1ULL << 39) | 0x7654000 | 0x1);
	vtd_sl_walk(mem, 0x10000, 3, 39, false, 0x40201000, &w);
	assert_string_equal(w.step[2].type, "reserved");
	vtd_sl_walk(mem, 0x10000, 3, 48, false, 0x40201000, &w);
	assert_string_equal(w.step[2].type, "4K");
	/* A 2 MiB leaf's address must be 2 MiB aligned: bit 12 is reserved. */
	sim_mem_write64(mem, 0x11000 + 2 * 8, 0x20001000 | 0x80 | 0x3);
	vtd_sl_walk(mem, 0x10000, 3, 39, false, 0x40400000, &w);
	assert_string_equal(w.step[1].type, "reserved");
	/* 4 levels; PS at level 4 is reserved (SLLPS stops at 1 GiB). */
	sim_mem_write64(mem, 0x13000, 0x80 | 0x3);
	vtd_sl_walk(mem, 0x13000, 4, 48, true, 0x0, &w);
	assert_string_equal(w.step[0].type, "reserved");
	sim_mem_free(mem);
}

static void test_reset_values(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);

	(void)state;
	assert_int_equal(rd(sim, DMAR + VTD_REG_VER, 4), 0x10);	/* 1.0 */
	/*
	 * CAP, QEMU 7.2's for aw-bits=39: ND 6 (16-bit DIDs) = 0x6;
	 * SAGAW bit 9 (39-bit) = 0x200; MGAW 38 << 16 = 0x260000;
	 * FRO 0x220 / 16 = 0x22 << 24 = 0x22000000; SLLPS bits 34, 35 =
	 * 0xc00000000; PSI bit 39 = 0x8000000000; NFR 0 (one record);
	 * MAMV 18 << 48 = 0x12000000000000; DWD, DRD bits 54, 55 =
	 * 0xc0000000000000.  Sum: 0xd2008c22260206.
	 */
	assert_int_equal(rd(sim, DMAR + VTD_REG_CAP, 8), 0xd2008c22260206ULL);
	assert_int_equal(rd(sim, DMAR + VTD_REG_CAP + 4, 4), 0xd2008c);	/* high half */
	/* ECAP: IRO 0xf0 / 16 = 0xf << 8 = 0xf00, PT bit 6 = 0x40; no SC. */
	assert_int_equal(rd(sim, DMAR + VTD_REG_ECAP, 8), 0xf40);
	assert_int_equal(rd(sim, DMAR + VTD_REG_GSTS, 4), 0);
	assert_int_equal(rd(sim, DMAR + VTD_REG_GCMD, 4), 0);	/* write-only */
	assert_int_equal(rd(sim, DMAR + VTD_REG_RTADDR, 8), 0);
	assert_int_equal(rd(sim, DMAR + VTD_REG_FSTS, 4), 0);
	assert_int_equal(rd(sim, DMAR + VTD_REG_FECTL, 4), 0x80000000);	/* IM */
	assert_int_equal(rd(sim, DMAR + VTD_REG_FRCD + 8, 8), 0);
	/* Every register the console names is one the unit has. */
	for (size_t i = 0; i < vtd_nr_reg_names; i++)
		rd(sim, DMAR + vtd_reg_names[i].offset, 4);
	assert_int_equal(sim->guest_errors, 0);
	sim_free(sim);

	/* q35-vtd-2dmar: dmar0 has snoop control, ECAP bit 7: 0xfc0; dmar1 not. */
	sim = boot_board("q35-vtd-2dmar", BOARD_NO_DRIVERS);
	assert_int_equal(rd(sim, DMAR + VTD_REG_ECAP, 8), 0xfc0);
	assert_int_equal(rd(sim, DMAR + 0x1000 + VTD_REG_ECAP, 8), 0xf40);
	sim_free(sim);

	/*
	 * q35-vtd-kdump: out of reset as the crashed kernel left it, TES and
	 * RTPS (bits 31, 30) set, RTADDR at its root table, the first page
	 * of RAM; bus 0's entry leads to the second page, present; 00:03.0's
	 * context entry there (0x1000 + 0x18 * 16) is pass-through (TT 2 in
	 * bits 3:2: 0x8, | P = 0x9), AW 1 | DID 1 << 8 = 0x101.
	 */
	sim = boot_board("q35-vtd-kdump", BOARD_NO_DRIVERS);
	assert_int_equal(rd(sim, DMAR + VTD_REG_GSTS, 4), 0xc0000000);
	assert_int_equal(rd(sim, DMAR + VTD_REG_RTADDR, 8), 0);
	assert_int_equal(sim_mem_read64(sim->mem, 0x0), 0x1001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x1180), 0x9);
	assert_int_equal(sim_mem_read64(sim->mem, 0x1188), 0x101);
	sim_free(sim);
}

static void test_guest_errors(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);

	(void)state;
	/* GSTS is 32 bits: an 8-byte read of GCMD+GSTS is refused. */
	assert_int_equal(rd(sim, DMAR + VTD_REG_GCMD, 8), ~0ULL);
	assert_int_equal(sim->guest_errors, 1);
	/* 0x04 is the reserved half of VER's quad: no register. */
	assert_int_equal(rd(sim, DMAR + 0x04, 4), 0xffffffff);
	assert_int_equal(sim->guest_errors, 2);
	/* 2-byte accesses are not among the unit's sizes. */
	assert_int_equal(rd(sim, DMAR + VTD_REG_VER, 2), 0xffff);
	assert_int_equal(sim->guest_errors, 3);
	/* A misaligned 4-byte access inside CAP. */
	assert_int_equal(rd(sim, DMAR + VTD_REG_CAP + 2, 4), 0xffffffff);
	assert_int_equal(sim->guest_errors, 4);
	/* CAP is read-only: the write is logged and dropped. */
	wr(sim, DMAR + VTD_REG_CAP, 0, 8);
	assert_int_equal(sim->guest_errors, 5);
	assert_int_equal(rd(sim, DMAR + VTD_REG_CAP, 8), 0xd2008c22260206ULL);
	/* A command the unit lacks: WBF, bit 27. */
	wr(sim, DMAR + VTD_REG_GCMD, BIT(27), 4);
	assert_int_equal(sim->guest_errors, 6);
	/* An IOTLB invalidation with IIRG 0. */
	wr(sim, DMAR + VTD_REG_IOTLB, VTD_F_IOTLB_IVT, 8);
	assert_int_equal(sim->guest_errors, 7);
	/* IVT clears, IAIG (58:57) says 0: not done. */
	assert_int_equal(rd(sim, DMAR + VTD_REG_IOTLB, 8), 0);
	/* TE with no root table set. */
	wr(sim, DMAR + VTD_REG_GCMD, VTD_F_GCMD_TE, 4);
	assert_int_equal(sim->guest_errors, 8);
	sim_free(sim);
}

/*
 * Boot with drivers.  Allocations, lowest page first: the driver's probe
 * takes the root table (0x0).  Registering the unit then puts the seven
 * functions of bus 0 in groups 0-4 in bus order, and each group's default
 * domain (DMA-FQ, a paging domain) takes its top-level table when it is
 * attached, in group order, with the next free domain ID (DID 0 is
 * reserved): the MCH's dom0 0x1000 and DID 1, and writing its context
 * entry takes bus 0's context table, 0x2000; VGA's dom1 0x3000, DID 2;
 * the NIC's dom2 0x4000, DID 3; edu's dom3 0x5000, DID 4.  dom4, of the
 * ICH9 functions' group, is mapped before it is attached: the LPC bridge
 * is an ISA bridge (class 0x0601), which 6.1's
 * intel_iommu_get_resv_regions() gives 0-16 MiB as a relaxable direct
 * region (CONFIG_INTEL_IOMMU_FLOPPY_WA=y), and bus_iommu_probe() creates
 * the group's direct mappings before the attach.  The domain is still
 * the 57-bit, 5-level one md_domain_init() made, with only 4 KiB pages
 * (the superpage sizes come with the attach): its top table 0x6000, then
 * for IOVA 0 the level-4 table 0x7000, level 3 0x8000, level 2 0x9000,
 * and 16 MiB / 2 MiB = 8 level-1 tables 0xa000-0x11000.  The attach to
 * the 39-bit unit drops two levels (prepare_domain_attach_device(): entry
 * 0 of the top table is present, so its table becomes the top and the old
 * one is freed): 0x6000 and 0x7000 are free again, and the three ICH9
 * functions share dom4's table 0x8000, DID 5.
 */
static void test_tables_after_boot(void **state)
{
	struct sim *sim = boot(0);
	struct iommu_domain *domain = edu_domain(sim);
	struct iommu_domain *dom4 = iommu_get_domain_for_dev(sim_find_device(sim, "lpc"));
	struct sim_pgtable_walk w;

	(void)state;
	assert_non_null(dom4);
	assert_int_equal(rd(sim, DMAR + VTD_REG_RTADDR, 8), 0x0);
	assert_int_equal(rd(sim, DMAR + VTD_REG_GSTS, 4), 0xc0000000);	/* TES | RTPS */
	/* The driver unmasked the fault event (dmar_msi_unmask()). */
	assert_int_equal(rd(sim, DMAR + VTD_REG_FECTL, 4), 0);
	/* Root entry 0: context table 0x2000 | P. */
	assert_int_equal(sim_mem_read64(sim->mem, 0x0), 0x2001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x8), 0);
	assert_int_equal(sim_mem_read64(sim->mem, 0x1 * 16), 0);	/* bus 1: none */
	/*
	 * Context entry 0x18 at 0x2000 + 0x18 * 16 = 0x2180: lo = table
	 * 0x5000 | TT 0 | P = 0x5001; hi = DID 4 << 8 | AW 1 (3 levels)
	 * = 0x401.
	 */
	assert_int_equal(sim_mem_read64(sim->mem, 0x2180), 0x5001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2188), 0x401);
	/* 00:00.0 at 0x2000: dom0's table 0x1000 | P, DID 1 | AW 1. */
	assert_int_equal(sim_mem_read64(sim->mem, 0x2000), 0x1001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2008), 0x101);
	/*
	 * 00:1f.0, .2 and .3 (devfn 0xf8, 0xfa, 0xfb: 0x2f80, 0x2fa0, 0x2fb0)
	 * are one group's: all three on dom4's table 0x8000, DID 5, 0x501.
	 */
	assert_int_equal(sim_mem_read64(sim->mem, 0x2f80), 0x8001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2f88), 0x501);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2fa0), 0x8001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2fa8), 0x501);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2fb0), 0x8001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2fb8), 0x501);
	/* 00:04.0 and 00:1f.1 have no function, so no entry. */
	assert_int_equal(sim_mem_read64(sim->mem, 0x2000 + 0x20 * 16), 0);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2000 + 0xf9 * 16), 0);

	/*
	 * dom4's identity map, in 4 KiB leaves (mapped before the attach):
	 * IOVA 0xfff123 is level 3 index 0 (0x8000: table 0x9000), level 2
	 * index 0xfff123 >> 21 = 7 (0x9000 + 7 * 8 = 0x9038: the eighth
	 * level-1 table, 0x11000), level 1 index 0xfff & 0x1ff = 0x1ff
	 * (0x11000 + 0x1ff * 8 = 0x11ff8): 0xfff000 | R | W.
	 */
	assert_int_equal(dom4->ops->sim_walk(dom4, 0xfff123, &w), 0);
	assert_int_equal(w.nr_steps, 3);
	assert_int_equal(w.step[0].desc_pa, 0x8000);
	assert_int_equal(w.step[0].desc, 0x9003);
	assert_int_equal(w.step[1].desc_pa, 0x9038);
	assert_int_equal(w.step[1].desc, 0x11003);
	assert_int_equal(w.step[2].desc_pa, 0x11ff8);
	assert_int_equal(w.step[2].desc, 0xfff003);
	assert_string_equal(w.step[2].type, "4K");
	assert_true(w.mapped);
	assert_int_equal(w.pa, 0xfff123);
	/* The region ends at 16 MiB: level 2 index 8 (0x9040) is empty. */
	assert_int_equal(dom4->ops->sim_walk(dom4, 0x1000000, &w), 0);
	assert_false(w.mapped);
	assert_int_equal(w.step[w.nr_steps - 1].desc_pa, 0x9040);

	/*
	 * Map IOVA 0x100000 -> 0x10000000: the walk allocates the level-2
	 * table and the level-1 table in the lowest free pages, the two dom4
	 * gave back, 0x6000 and 0x7000.  Level 3 index 0, at 0x5000; level 2
	 * index 0, at 0x6000; level 1 index 0x100000 >> 12 = 0x100, at
	 * 0x7000 + 0x100 * 8 = 0x7800: 0x10000000 | R | W.
	 */
	assert_int_equal(iommu_map(domain, 0x100000, 0x10000000, SZ_4K,
				   IOMMU_READ | IOMMU_WRITE), 0);
	assert_int_equal(domain->ops->sim_walk(domain, 0x100abc, &w), 0);
	assert_int_equal(w.nr_steps, 3);
	assert_int_equal(w.step[0].desc_pa, 0x5000);
	assert_int_equal(w.step[0].desc, 0x6003);
	assert_string_equal(w.step[0].type, "table");
	assert_int_equal(w.step[1].desc_pa, 0x6000);
	assert_int_equal(w.step[1].desc, 0x7003);
	assert_int_equal(w.step[2].desc_pa, 0x7800);
	assert_int_equal(w.step[2].desc, 0x10000003);
	assert_string_equal(w.step[2].type, "4K");
	assert_int_equal(w.pa, 0x10000abc);
	sim_free(sim);
}

static void test_translated_dma(void **state)
{
	struct sim *sim = boot(0);
	struct iommu_domain *domain = edu_domain(sim);
	const struct vtd_iotlb_stats *st = sim_vtd_iotlb_stats(dmar0(sim));
	u8 pattern[16], buf[16];
	struct sim_pgtable_walk w;
	struct sim_dma_xlate x;
	u64 t0 = sim_now(sim);

	(void)state;
	for (unsigned int i = 0; i < sizeof(pattern); i++)
		pattern[i] = 0xa0 + i;
	sim_mem_write(sim->mem, 0x10000010, pattern, sizeof(pattern));
	assert_int_equal(iommu_map(domain, 0x100000, 0x10000000, SZ_4K,
				   IOMMU_READ | IOMMU_WRITE), 0);

	/* The first read walks: a miss landing on 0x10000000 + 0x10. */
	assert_int_equal(edu_dma(sim, 0x100010, buf, sizeof(buf), false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_MISS);
	assert_int_equal(x.pa, 0x10000010);
	assert_int_equal(x.page_size, SZ_4K);
	assert_memory_equal(buf, pattern, sizeof(buf));
	/* The engine finishes 100 ms after it starts. */
	assert_int_equal(sim_now(sim) - t0, 100 * MS);
	/* The second one hits the IOTLB. */
	assert_int_equal(edu_dma(sim, 0x100010, buf, sizeof(buf), false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_HIT);
	assert_int_equal(x.pa, 0x10000010);
	assert_int_equal(st->misses, 1);
	assert_int_equal(st->hits, 1);
	assert_true(sim_vtd_iotlb_entry(dmar0(sim), 0)->valid);
	/* Tagged with edu's domain ID, 4 (see test_tables_after_boot). */
	assert_int_equal(sim_vtd_iotlb_entry(dmar0(sim), 0)->did, 4);

	/* A write lands in RAM through the same entry. */
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(edu_dma(sim, 0x100800, buf, 4, true, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_HIT);
	assert_int_equal(sim_mem_read32(sim->mem, 0x10000800), 0x5a5a5a5a);

	/*
	 * Mapped write-only, the leaf is still readable: 6.1's
	 * __domain_mapping() adds DMA_FL_PTE_PRESENT, bit 0 (R in a
	 * second-level entry), to every leaf.  0x20000000 | R | W.
	 */
	assert_int_equal(iommu_map(domain, 0x300000, 0x20000000, SZ_4K, IOMMU_WRITE), 0);
	assert_int_equal(domain->ops->sim_walk(domain, 0x300000, &w), 0);
	assert_int_equal(w.step[w.nr_steps - 1].desc, 0x20000003);
	assert_int_equal(edu_dma(sim, 0x300000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_MISS);

	/* Longer than the 4 KiB buffer, or past the device's 28 bits. */
	assert_int_equal(edu_dma(sim, 0x100000, buf, EDU_DMA_SIZE + 1, false, &x), -EINVAL);
	assert_int_equal(edu_dma(sim, 0x10000000, buf, 4, false, &x), -ERANGE);
	sim_free(sim);
}

static void test_fault_records_and_report(void **state)
{
	struct sim *sim = boot(0);
	const struct vtd_fault_stats *fs = sim_vtd_fault_stats(dmar0(sim));
	struct sim_dma_xlate x;
	size_t lines;
	u8 buf[8];

	(void)state;
	/* Masked: the record stays for us to read. */
	wr(sim, DMAR + VTD_REG_FECTL, VTD_F_FECTL_IM, 4);
	lines = sim_klog_count(sim);
	assert_int_equal(edu_dma(sim, 0x200000, buf, 8, false, &x), 1);
	assert_int_equal(x.kind, SIM_XLATE_ABORT);
	assert_int_equal(buf[0], 0);			/* aborted reads give zeros, as in QEMU */
	assert_int_equal(sim_klog_count(sim), lines);	/* nothing reported yet */
	/* FSTS: PPF (bit 1), FRI 0.  FECTL: IM | IP (bit 30). */
	assert_int_equal(rd(sim, DMAR + VTD_REG_FSTS, 4), 0x2);
	assert_int_equal(rd(sim, DMAR + VTD_REG_FECTL, 4), 0xc0000000);
	/* The record: the page; F | T (read) | reason 6 << 32 | SID 0x18. */
	assert_int_equal(rd(sim, DMAR + VTD_REG_FRCD, 8), 0x200000);
	assert_int_equal(rd(sim, DMAR + VTD_REG_FRCD + 8, 8), 0xc000000600000018ULL);

	/* The same source again: collapsed into the pending record. */
	assert_int_equal(edu_dma(sim, 0x300000, buf, 8, true, &x), 1);
	assert_int_equal(fs->collapsed, 1);
	assert_int_equal(rd(sim, DMAR + VTD_REG_FRCD, 8), 0x200000);

	/* Unmasking delivers the event: dmar_fault() prints and clears. */
	wr(sim, DMAR + VTD_REG_FECTL, 0, 4);
	assert_int_equal(sim_klog_count(sim), lines + 2);
	assert_string_equal(klog(sim, lines), "DMAR: DRHD: handling fault status reg 2");
	assert_string_equal(klog(sim, lines + 1),
			    "DMAR: [DMA Read NO_PASID] Request device [00:03.0] fault addr 0x200000 [fault reason 0x06] PTE Read access is not set");
	assert_true(sim_klog_get(sim, lines + 1)->fault);
	assert_int_equal(rd(sim, DMAR + VTD_REG_FSTS, 4), 0);
	assert_int_equal(rd(sim, DMAR + VTD_REG_FRCD + 8, 8), 0xc000000600000018ULL & ~VTD_F_FRCD_F);
	assert_int_equal(sim_irq_count(sim, 32), 1);

	/* Unmasked, a write fault is reported at once: reason 5, T clear. */
	assert_int_equal(edu_dma(sim, 0x300008, buf, 8, true, &x), 1);
	assert_string_equal(klog(sim, lines + 3),
			    "DMAR: [DMA Write NO_PASID] Request device [00:03.0] fault addr 0x300000 [fault reason 0x05] PTE Write access is not set");
	/* Beyond the 39-bit width: reason 4, "Access beyond MGAW". */
	assert_int_equal(dev_dma(sim_find_device(sim, "edu"), 1ULL << 39, buf, 4, &x), 1);
	assert_string_equal(klog(sim, lines + 5),
			    "DMAR: [DMA Read NO_PASID] Request device [00:03.0] fault addr 0x8000000000 [fault reason 0x04] Access beyond MGAW");
	assert_int_equal(fs->recorded, 3);
	sim_free(sim);
}

static void test_fault_overflow_and_ratelimit(void **state)
{
	struct sim *sim = boot(0);
	struct sim_dev_spec spec = {
		.name = "edu2", .compatible = "iommu-lab,edu", .pci = true,
	};
	struct device *edu2;
	struct sim_dma_xlate x;
	char err[128];
	size_t lines;
	u8 buf[4];

	(void)state;
	/*
	 * edu2 takes the first free slot: 0-3 and 31 have functions, so 4,
	 * source ID 4 << 3 = 0x20.
	 */
	assert_int_equal(sim_dev_create(sim, &spec, err, sizeof(err)), 0);
	edu2 = sim_find_device(sim, "edu2");
	assert_int_equal(edu2->pci_bdf, 0x20);
	/*
	 * No firmware address: its BAR0 is the lowest free MiB of the first
	 * 32-bit window with room, 0x20000000-0xafffffff (0xa0000-0xbffff
	 * is only 128 KiB).
	 */
	assert_int_equal(sim_edu_bar0(sim_hw_find_by_name(sim, "edu2")), 0x20000000);

	wr(sim, DMAR + VTD_REG_FECTL, VTD_F_FECTL_IM, 4);
	assert_int_equal(edu_dma(sim, 0x200000, buf, 4, false, &x), 1);
	/* Another source while the only record is full: PFO (bit 0), lost. */
	assert_int_equal(dev_dma(edu2, 0x5000, buf, 4, &x), 1);
	assert_int_equal(rd(sim, DMAR + VTD_REG_FSTS, 4), 0x3);
	assert_int_equal(sim_vtd_fault_stats(dmar0(sim))->overflowed, 1);
	lines = sim_klog_count(sim);
	wr(sim, DMAR + VTD_REG_FECTL, 0, 4);
	assert_string_equal(klog(sim, lines), "DMAR: DRHD: handling fault status reg 3");
	assert_int_equal(rd(sim, DMAR + VTD_REG_FSTS, 4), 0);

	/*
	 * The ratelimit: 10 tokens every 5 s, shared by the status line,
	 * each record and the look at the next record that ends the loop.
	 * So far 3 went (status, record, end).  Faults 2 and 3 take 3 each
	 * (9); fault 4 prints its status line (10) but not its record.
	 */
	lines = sim_klog_count(sim);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(dev_dma(edu2, 0x5000, buf, 4, &x), 1);
	assert_int_equal(sim_klog_count(sim), lines + 2 + 2 + 1);
	assert_string_equal(klog(sim, lines + 4), "DMAR: DRHD: handling fault status reg 2");
	/* Fault 5 is silent: 3 more missed, 5 in all. */
	assert_int_equal(dev_dma(edu2, 0x5000, buf, 4, &x), 1);
	assert_int_equal(sim_klog_count(sim), lines + 5);
	/* Past the five seconds, a new interval starts with the count. */
	sim_advance(sim, 5 * NSEC_PER_SEC + MS);
	assert_int_equal(dev_dma(edu2, 0x5000, buf, 4, &x), 1);
	assert_string_equal(klog(sim, lines + 5), "dmar_fault: 5 callbacks suppressed");
	assert_string_equal(klog(sim, lines + 6), "DMAR: DRHD: handling fault status reg 2");
	assert_string_equal(klog(sim, lines + 7),
			    "DMAR: [DMA Read NO_PASID] Request device [00:04.0] fault addr 0x5000 [fault reason 0x06] PTE Read access is not set");
	sim_free(sim);
}

static void test_translation_disabled(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);
	struct sim_dma_xlate x;
	u8 buf[4];

	(void)state;
	/* Only the host bridge: edu exists, nothing programmed dmar0. */
	assert_int_equal(sim_module_load(sim, sim_builtin_driver("pci-host-generic")), 0);
	sim_mem_write32(sim->mem, 0x123000, 0xcafe);
	assert_int_equal(edu_dma(sim, 0x123000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_BYPASS);
	assert_int_equal(x.pa, 0x123000);
	assert_int_equal(buf[0], 0xfe);
	sim_free(sim);

	/* With the driver: clearing TE through GCMD lets DMA straight through. */
	sim = boot(0);
	wr(sim, DMAR + VTD_REG_GCMD, 0, 4);
	assert_int_equal(rd(sim, DMAR + VTD_REG_GSTS, 4), 0x40000000);	/* RTPS stays */
	assert_int_equal(edu_dma(sim, 0x123000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_BYPASS);
	sim_free(sim);
}

/*
 * edu as a bus master: a hardware record made from its node alone, and a
 * DMA engine that masters the bus once the kernel has enumerated the
 * function, which the machine tells the model.
 */
static void test_bus_master(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);
	struct sim_hw *hw = sim_hw_find_by_name(sim, "edu");
	struct of_phandle_args spec;
	struct sim_bus_master m;
	struct sim_dma_xlate x;
	u64 errors;
	u8 buf[4];

	(void)state;
	assert_non_null(hw);
	/*
	 * 00:03.0: "reg" = <0x1800 0 0 0 0>, bus 0, device 3, function 0,
	 * requester ID 3 << 3 = 0x18; the bridge's iommu-map hands it to
	 * dmar0 as source ID 0x18 (0x0000 + (0x18 - 0x0000)).
	 */
	sim_bus_master_init(&m, sim, hw->np, "edu");
	assert_true(m.pci);
	assert_int_equal(m.rid, 0x18);
	assert_int_equal(m.nr_ports, 1);
	assert_int_equal(sim_hw_dma_route(&m, 0, &spec), 0);
	assert_ptr_equal(spec.np, dmar0(sim)->np);
	assert_int_equal(spec.args_count, 1);
	assert_int_equal(spec.args[0], 0x18);
	assert_int_equal(sim_hw_dma_route(&m, 1, &spec), -ENOENT);
	/* A record with no node is wired straight to memory. */
	sim_bus_master_init(&m, sim, NULL, "x");
	assert_false(m.pci);
	assert_int_equal(m.nr_ports, 1);
	assert_int_equal(sim_hw_dma_route(&m, 0, &spec), 1);

	/* No host bridge driver, no function: the engine has no master. */
	assert_null(hw->master_name);
	errors = sim->guest_errors;
	assert_int_equal(edu_dma(sim, 0x123000, buf, 4, false, &x), -ENODEV);
	assert_int_equal(sim->guest_errors, errors + 1);
	/* Enumerated, it masters the bus, under its device's name. */
	assert_int_equal(sim_module_load(sim, sim_builtin_driver("pci-host-generic")), 0);
	assert_string_equal(hw->master_name, "edu");
	assert_int_equal(edu_dma(sim, 0x123000, buf, 4, false, &x), 0);
	/* Gone with its function. */
	assert_int_equal(sim_module_unload(sim, sim_builtin_driver("pci-host-generic")), 0);
	assert_null(sim_find_device(sim, "edu"));
	assert_null(hw->master_name);
	sim_free(sim);
}

static void test_iotlb_invalidation(void **state)
{
	struct sim *sim = boot(0);
	struct iommu_domain *domain = edu_domain(sim);
	const struct vtd_iotlb_stats *st = sim_vtd_iotlb_stats(dmar0(sim));
	struct iommu_iotlb_gather gather;
	struct sim_dma_xlate x;
	u64 dropped;
	u8 buf[4];

	(void)state;
	assert_int_equal(iommu_map(domain, 0x100000, 0x10000000, SZ_4K, IOMMU_READ), 0);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_MISS);
	dropped = st->entries_dropped;

	/* Unmapped without the sync: the IOTLB still translates. */
	iommu_iotlb_gather_init(&gather);
	assert_int_equal(iommu_unmap_fast(domain, 0x100000, SZ_4K, &gather), SZ_4K);
	assert_int_equal(iommu_iova_to_phys(domain, 0x100000), 0);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_HIT);
	assert_int_equal(x.pa, 0x10000000);

	/*
	 * The sync is a page-selective invalidation of edu's DID, 4 (see
	 * test_tables_after_boot): IVA = 0x100000 | AM 0, then IOTLB = IVT |
	 * IIRG 3 << 60 | DR (bit 49) | DW (bit 48) | DID 4 << 32.  Done: IVT
	 * clear, IAIG 3 << 57.  0x3000000000000000 | 0x0600000000000000 |
	 * 0x0003000000000000 | 0x0000000400000000 = 0x3603000400000000.
	 */
	iommu_iotlb_sync(domain, &gather);
	assert_int_equal(sim_vtd_reg_peek(dmar0(sim), VTD_REG_IVA), 0x100000);
	assert_int_equal(rd(sim, DMAR + VTD_REG_IOTLB, 8), 0x3603000400000000ULL);
	assert_int_equal(st->entries_dropped, dropped + 1);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 1);
	assert_int_equal(x.kind, SIM_XLATE_ABORT);

	/* Read-only mapping: a write faults even on an IOTLB hit. */
	assert_int_equal(iommu_map(domain, 0x100000, 0x10000000, SZ_4K, IOMMU_READ), 0);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 0);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, true, &x), 1);

	/* flush_iotlb_all is domain-selective: IIRG 2, IAIG 2 << 57. */
	iommu_flush_iotlb_all(domain);
	assert_int_equal(rd(sim, DMAR + VTD_REG_IOTLB, 8) >> 57, (2ULL << 3) | 2);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_MISS);

	/* Another domain's entries stay: a DSI of DID 7 drops nothing of DID 4. */
	dropped = st->entries_dropped;
	wr(sim, DMAR + VTD_REG_IOTLB, VTD_F_IOTLB_IVT | 2ULL << 60 | 7ULL << 32, 8);
	assert_int_equal(st->entries_dropped, dropped);
	/* A global invalidation drops it: nothing valid is left. */
	wr(sim, DMAR + VTD_REG_IOTLB, VTD_F_IOTLB_IVT | 1ULL << 60, 8);
	assert_int_equal(st->entries_dropped, dropped + 1);
	for (unsigned int i = 0; i < sim_vtd_iotlb_size(dmar0(sim)); i++)
		assert_false(sim_vtd_iotlb_entry(dmar0(sim), i)->valid);
	sim_free(sim);
}

static void test_context_cache(void **state)
{
	struct sim *sim = boot(0);
	struct iommu_domain *domain = edu_domain(sim);
	struct sim_dma_xlate x;
	size_t lines;
	u8 buf[4];

	(void)state;
	assert_int_equal(iommu_map(domain, 0x100000, 0x10000000, SZ_4K, IOMMU_READ), 0);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 0);
	/* Context entry cleared in memory behind the unit's back (0x2180). */
	sim_mem_write64(sim->mem, 0x2180, 0);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_HIT);
	/*
	 * A device-selective context invalidation of SID 0x18: ICC | CIRG 3
	 * << 61 | SID << 16.  Then the IOTLB still holds the leaf, but the
	 * context lookup comes first: reason 2.
	 */
	wr(sim, DMAR + VTD_REG_CCMD, VTD_F_CCMD_ICC | 3ULL << 61 | (u64)EDU_SID << 16, 8);
	/* Done as device-selective: CAIG 3 << 59, ICC clear. */
	assert_int_equal(rd(sim, DMAR + VTD_REG_CCMD, 8) >> 59, (3ULL << 2) | 3);
	lines = sim_klog_count(sim);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 1);
	assert_string_equal(klog(sim, lines + 1),
			    "DMAR: [DMA Read NO_PASID] Request device [00:03.0] fault addr 0x100000 [fault reason 0x02] Present bit in context entry is clear");
	/* Root entry 0 cleared too, and a global invalidation: reason 1. */
	sim_mem_write64(sim->mem, 0x0, 0);
	wr(sim, DMAR + VTD_REG_CCMD, VTD_F_CCMD_ICC | 1ULL << 61, 8);
	assert_int_equal(edu_dma(sim, 0x100000, buf, 4, false, &x), 1);
	assert_string_equal(klog(sim, lines + 3),
			    "DMAR: [DMA Read NO_PASID] Request device [00:03.0] fault addr 0x100000 [fault reason 0x01] Present bit in root entry is clear");
	sim_free(sim);
}

/*
 * Attaching another domain rewrites edu's context entry, and going back
 * clears it with the invalidations that keep a reused domain ID from
 * finding the old domain's IOTLB entries.
 */
static void test_attach_rewrites_context(void **state)
{
	struct sim *sim = boot(0);
	struct device *edu = sim_find_device(sim, "edu");
	struct iommu_domain *u0 = iommu_domain_alloc(&platform_bus_type);
	struct sim_dma_xlate x;
	u8 buf[4];

	(void)state;
	assert_non_null(u0);
	/*
	 * Attaching blocks edu first: its context entry is cleared and the
	 * default domain's DID 4, now unused in dmar0, is freed (6.1's
	 * domain_detach_iommu()).  u0's top-level table is allocated at
	 * attach, in the lowest free page: 0x6000, which dom4 gave back when
	 * its attach dropped two levels (see test_tables_after_boot).  It
	 * takes the lowest free DID: 1, 2, 3 and 5 are the other groups'
	 * domains', so 4 again: lo = 0x6000 | P, hi = 4 << 8 | AW 1 = 0x401.
	 */
	assert_int_equal(iommu_attach_device(u0, edu), 0);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2180), 0x6001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2188), 0x401);
	assert_int_equal(iommu_map(u0, 0x4000, 0x10002000, SZ_4K, IOMMU_READ | IOMMU_WRITE), 0);
	assert_int_equal(edu_dma(sim, 0x4000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_MISS);
	assert_int_equal(x.pa, 0x10002000);
	/*
	 * Back to the default domain, table 0x5000, DID 4 once more.  u0's
	 * IOTLB entry for 0x4000 carries DID 4 too: only the domain-selective
	 * invalidation at the context clear keeps it from answering.
	 */
	iommu_detach_device(u0, edu);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2180), 0x5001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2188), 0x401);
	assert_int_equal(edu_dma(sim, 0x4000, buf, 4, false, &x), 1);
	assert_int_equal(x.kind, SIM_XLATE_ABORT);
	iommu_domain_free(u0);
	sim_free(sim);
}

static void test_kdump_copied_tables(void **state)
{
	struct sim *sim = boot_board("q35-vtd-kdump", 0);
	struct sim_dma_xlate x;
	u8 buf[4];

	(void)state;
	/*
	 * The crashed kernel's tables took 0x0 and 0x1000; the new root is
	 * 0x2000, and copying bus 0's present entries takes a context table
	 * at 0x3000.  TE was never turned off.
	 */
	assert_int_equal(rd(sim, DMAR + VTD_REG_RTADDR, 8), 0x2000);
	assert_int_equal(rd(sim, DMAR + VTD_REG_GSTS, 4), 0xc0000000);
	assert_int_equal(sim_mem_read64(sim->mem, 0x2000), 0x3001);
	assert_int_equal(sim_mem_read64(sim->mem, 0x3180), 0x9);
	assert_int_equal(sim_mem_read64(sim->mem, 0x3188), 0x101);
	/* Pass-through: edu's DMA still lands where it points. */
	assert_int_equal(edu_dma(sim, 0x7000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_BYPASS);
	assert_int_equal(x.pa, 0x7000);
	sim_free(sim);
}

static void test_edu_registers(void **state)
{
	struct sim *sim = boot(0);
	struct sim_dma_xlate x;
	u64 errors;
	u8 buf[4];

	(void)state;
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_ID, 4), 0x010000ed);
	wr(sim, EDU_BAR0 + EDU_REG_LIVENESS, 0x12345678, 4);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_LIVENESS, 4), 0xedcba987);
	wr(sim, EDU_BAR0 + EDU_REG_FACTORIAL, 10, 4);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_FACTORIAL, 4), 3628800);	/* 10! */
	/* 13! = 6227020800 does not fit 32 bits: 6227020800 - 4294967296. */
	wr(sim, EDU_BAR0 + EDU_REG_FACTORIAL, 13, 4);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_FACTORIAL, 4), 1932053504);
	wr(sim, EDU_BAR0 + EDU_REG_IRQ_RAISE, 0x8, 4);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_IRQ_STATUS, 4), 0x8);
	wr(sim, EDU_BAR0 + EDU_REG_IRQ_ACK, 0x8, 4);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_IRQ_STATUS, 4), 0);
	assert_int_equal(sim->guest_errors, 0);

	errors = sim->guest_errors;
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_ID, 8), ~0ULL);	/* 32-bit below 0x80 */
	assert_int_equal(rd(sim, EDU_BAR0 + 0x40, 4), 0xffffffff);	/* no register */
	wr(sim, EDU_BAR0 + EDU_REG_ID, 0, 4);				/* read-only */
	assert_int_equal(sim->guest_errors, errors + 3);

	/*
	 * A DMA by hand with the interrupt bit: RAM 0x100000 (unmapped in
	 * the domain, so it faults) to the buffer, 4 bytes.  Running until
	 * 100 ms have passed, then IRQ_STATUS 0x100.
	 */
	wr(sim, EDU_BAR0 + EDU_REG_DMA_SRC, 0x100000, 8);
	wr(sim, EDU_BAR0 + EDU_REG_DMA_DST, EDU_DMA_START, 8);
	wr(sim, EDU_BAR0 + EDU_REG_DMA_CNT, 4, 8);
	wr(sim, EDU_BAR0 + EDU_REG_DMA_CMD, EDU_F_DMA_RUN | EDU_F_DMA_IRQ, 8);
	sim_advance(sim, 99 * MS);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_DMA_CMD, 8), 0x5);
	sim_advance(sim, 1 * MS);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_DMA_CMD, 8), 0x4);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_IRQ_STATUS, 4), EDU_IRQ_DMA);

	/* A buffer range past 0x40fff: logged, nothing moves, the command ends. */
	errors = sim->guest_errors;
	wr(sim, EDU_BAR0 + EDU_REG_DMA_CNT, 0x1001, 8);
	wr(sim, EDU_BAR0 + EDU_REG_DMA_CMD, EDU_F_DMA_RUN, 8);
	sim_advance(sim, 100 * MS);
	assert_int_equal(sim->guest_errors, errors + 1);
	assert_int_equal(rd(sim, EDU_BAR0 + EDU_REG_DMA_CMD, 8), 0);
	/* RAM addresses are cut to 28 bits: 0x10100000 becomes 0x100000. */
	wr(sim, EDU_BAR0 + EDU_REG_DMA_SRC, 0x10100000, 8);
	wr(sim, EDU_BAR0 + EDU_REG_DMA_CNT, 4, 8);
	wr(sim, EDU_BAR0 + EDU_REG_DMA_CMD, EDU_F_DMA_RUN, 8);
	sim_advance(sim, 100 * MS);
	assert_int_equal(sim->guest_errors, errors + 2);
	/* edu's engine cannot be started twice. */
	wr(sim, EDU_BAR0 + EDU_REG_DMA_CMD, EDU_F_DMA_RUN, 8);
	assert_int_equal(edu_dma(sim, 0x1000, buf, 4, false, &x), -EBUSY);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walker),
		cmocka_unit_test(test_reset_values),
		cmocka_unit_test(test_guest_errors),
		cmocka_unit_test(test_tables_after_boot),
		cmocka_unit_test(test_translated_dma),
		cmocka_unit_test(test_fault_records_and_report),
		cmocka_unit_test(test_fault_overflow_and_ratelimit),
		cmocka_unit_test(test_translation_disabled),
		cmocka_unit_test(test_bus_master),
		cmocka_unit_test(test_iotlb_invalidation),
		cmocka_unit_test(test_context_cache),
		cmocka_unit_test(test_attach_rewrites_context),
		cmocka_unit_test(test_kdump_copied_tables),
		cmocka_unit_test(test_edu_registers),
	};

	return unit_run("vtd-hw", tests, ARRAY_SIZE(tests));
}
