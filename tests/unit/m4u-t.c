/*
 * The M4U and SMI larb hardware models: the walker against descriptors
 * written by hand (ARM DDI 0406C B3.5.1 short-descriptor formats, and
 * MediaTek's PA bit 32 in descriptor bit 9), the register file at
 * Linux 6.1 mtk_iommu.c's offsets, the TLB, faults and their latching,
 * the protect-buffer redirect, larb bypass, 4 GB mode, and the driver's
 * fault report.  The boards put the M4U at 0x10205000 and larb0 at
 * 0x14021000 (mt8173.dtsi); RAM starts at 0x40000000.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/hw.h>
#include <sim/io.h>
#include <sim/m4u.h>
#include <sim/mem.h>
#include <sim/pgtable-walk.h>
#include <sim/pm_runtime.h>
#include <sim/sim.h>

#include "unit.h"

#define M4U		0x10205000ULL
#define LARB0_MMU_EN	(0x14021000ULL + SMI_LARB_REG_MMU_EN)
#define LARB2_MMU_EN	(0x15001000ULL + SMI_LARB_REG_MMU_EN)
#define L1		0x40100000ULL	/* hand-built level-1 table */
#define L2		0x40104000ULL	/* and one level-2 table */

static struct sim *boot_tlb(const char *dir, const char *board, unsigned int flags,
			    unsigned int tlb_entries)
{
	struct sim *sim = sim_new();

	assert_non_null(sim);
	sim->boot_params.m4u_tlb_entries = tlb_entries;
	unit_boot_into(sim, dir, board, flags);
	return sim;
}

static struct sim *boot(unsigned int flags)
{
	return boot_tlb(TEST_BOARDS, "mt8173-evb", flags, 32);
}

static u32 rd(struct sim *sim, u64 pa)
{
	return sim_mmio_read(sim, pa, 4);
}

static void wr(struct sim *sim, u64 pa, u32 v)
{
	sim_mmio_write(sim, pa, v, 4);
}

static void record_last(void *ctx, u64 addr, const struct sim_dma_xlate *x)
{
	(void)addr;
	*(struct sim_dma_xlate *)ctx = *x;
}

/* One access by @dev through @port; *@x is how its last piece went. */
static int dma(struct sim *sim, const char *dev, unsigned int port, u64 addr,
	       void *buf, size_t len, bool write, struct sim_dma_xlate *x)
{
	struct device *d = sim_find_device(sim, dev);
	struct sim_bus_master master;

	assert_non_null(d);
	dev_bus_master(d, &master);
	return sim_dma_access(&master, port, addr, buf, len, write, record_last, x);
}

/*
 * Hand-built tables: L1 at 0x40100000, IOVA 0x100000's MiB pointing at
 * the level-2 table at 0x40104000 (table descriptor = base | type 01),
 * whose entries 0..@n-1 map IOVA 0x100000 + i * 4K to 0x50000000 + i * 4K
 * (small page: base | type 10).  PT_BASE = L1.
 */
static void build_tables(struct sim *sim, unsigned int n)
{
	sim_mem_write32(sim->mem, L1 + 1 * 4, (u32)L2 | 0x1);
	for (unsigned int i = 0; i < n; i++)
		sim_mem_write32(sim->mem, L2 + i * 4, 0x50000000u + i * 0x1000 + 0x2);
	wr(sim, M4U + M4U_REG_PT_BASE_ADDR, (u32)L1);
}

static void test_walker(void **state)
{
	struct sim_mem *mem = sim_mem_new();
	struct sim_pgtable_walk w;
	const u32 ttbr = 0x40000000;

	(void)state;
	assert_int_equal(sim_mem_add_ram(mem, 0x40000000, SZ_1G), 0);
	/* L1[1]: section, base 0x80000000. */
	sim_mem_write32(mem, ttbr + 1 * 4, 0x80000002);
	/* L1[0x12] (IOVA 0x01234567 >> 20): supersection, bit 18, base 0x90000000. */
	sim_mem_write32(mem, ttbr + 0x12 * 4, 0x90040002);
	/* L1[2]: table at 0x40004000. */
	sim_mem_write32(mem, ttbr + 2 * 4, 0x40004001);
	/* L2[5]: small page 0xa0005000 with bit 9, PA bit 32. */
	sim_mem_write32(mem, 0x40004000 + 5 * 4, 0xa0005202);
	/* L2[0x1a]: large page 0xb0010000 (type 01). */
	sim_mem_write32(mem, 0x40004000 + 0x1a * 4, 0xb0010001);

	m4u_pgtable_walk(mem, ttbr, 0x00112345, &w);
	assert_int_equal(w.nr_steps, 1);
	assert_string_equal(w.step[0].type, "section");
	assert_int_equal(w.step[0].desc_pa, 0x40000004);
	assert_true(w.mapped);
	assert_int_equal(w.pa, 0x80012345);	/* base | IOVA 19:0 */
	assert_int_equal(w.block_size, SZ_1M);

	m4u_pgtable_walk(mem, ttbr, 0x01234567, &w);
	assert_string_equal(w.step[0].type, "supersection");
	assert_int_equal(w.pa, 0x90234567);	/* base | IOVA 23:0 */
	assert_int_equal(w.block_size, SZ_16M);

	m4u_pgtable_walk(mem, ttbr, 0x00205abc, &w);
	assert_int_equal(w.nr_steps, 2);
	assert_string_equal(w.step[0].type, "table");
	assert_string_equal(w.step[1].type, "small");
	assert_int_equal(w.step[1].desc_pa, 0x40004014);	/* index 5 * 4 */
	assert_int_equal(w.pa, 0x1a0005abcULL);	/* bit 32 | base | IOVA 11:0 */
	assert_int_equal(w.block_size, SZ_4K);

	m4u_pgtable_walk(mem, ttbr, 0x0021abcd, &w);	/* index (0x21abcd >> 12) & 0xff = 0x1a */
	assert_string_equal(w.step[1].type, "large");
	assert_int_equal(w.pa, 0xb001abcd);	/* base | IOVA 15:0 */
	assert_int_equal(w.block_size, SZ_64K);

	m4u_pgtable_walk(mem, ttbr, 0x00230000, &w);	/* L2[0x30] empty */
	assert_int_equal(w.nr_steps, 2);
	assert_string_equal(w.step[1].type, "fault");
	assert_false(w.mapped);
	assert_int_equal(w.block_size, SZ_4K);

	m4u_pgtable_walk(mem, ttbr, 0x00300000, &w);	/* L1[3] empty */
	assert_int_equal(w.nr_steps, 1);
	assert_string_equal(w.step[0].type, "fault");
	assert_int_equal(w.block_size, SZ_1M);

	/* PT_BASE bits 6:0 are not address bits. */
	m4u_pgtable_walk(mem, ttbr | 0x7f, 0x00112345, &w);
	assert_int_equal(w.pa, 0x80012345);
	sim_mem_free(mem);
}

static void test_reset_and_guest_errors(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);

	(void)state;
	assert_int_equal(rd(sim, M4U + M4U_REG_PT_BASE_ADDR), 0);
	assert_int_equal(rd(sim, M4U + M4U_REG_INT_MAIN_CONTROL), 0);
	assert_int_equal(rd(sim, M4U + M4U_REG_INVALIDATE), 0);
	assert_int_equal(rd(sim, LARB0_MMU_EN), 0);
	assert_int_equal(sim->guest_errors, 0);

	assert_int_equal(rd(sim, M4U + 0x1fc), 0xffffffff);	/* no register */
	assert_int_equal(sim->guest_errors, 1);
	assert_int_equal(sim_mmio_read(sim, M4U, 2), 0xffff);	/* 32-bit only */
	assert_int_equal(sim->guest_errors, 2);
	wr(sim, M4U + M4U_REG_FAULT_ST1, 0x5);			/* read-only */
	assert_int_equal(sim->guest_errors, 3);
	assert_int_equal(rd(sim, M4U + M4U_REG_FAULT_ST1), 0);
	assert_int_equal(rd(sim, 0x20000000), 0xffffffff);	/* nothing there */
	assert_int_equal(sim->guest_errors, 4);
	assert_int_equal(rd(sim, M4U + 0xffe), 0xffffffff);	/* runs off the end */
	assert_int_equal(sim->guest_errors, 5);
	sim_free(sim);
}

static void test_bypass_without_driver(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);
	struct sim_dma_xlate x;
	u8 out[4] = { 1, 2, 3, 4 }, back[4];

	(void)state;
	/* MMU_EN resets to 0: ovl0's port goes straight to memory. */
	assert_int_equal(dma(sim, "ovl0", 0, 0x40200000, out, 4, true, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_BYPASS);
	assert_int_equal(x.pa, 0x40200000);
	sim_mem_read(sim->mem, 0x40200000, back, 4);
	assert_memory_equal(back, out, 4);
	/* A master without iommus is wired straight to memory. */
	assert_int_equal(dma(sim, "smi_common", 0, 0x40200000, back, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_DIRECT);
	sim_free(sim);
}

static void test_translate_tlb_and_stale(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);
	struct sim_hw *hw = sim_hw_first(sim, &sim_m4u_hw_type);
	const struct m4u_tlb_stats *st = sim_m4u_tlb_stats(hw);
	struct sim_dma_xlate x;
	u8 buf[8];

	(void)state;
	build_tables(sim, 1);
	wr(sim, LARB0_MMU_EN, 0x1);	/* ovl0 is larb 0 port 0 */

	assert_int_equal(dma(sim, "ovl0", 0, 0x100010, buf, 8, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_MISS);
	assert_int_equal(x.pa, 0x50000010);
	assert_int_equal(dma(sim, "ovl0", 0, 0x100010, buf, 8, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_HIT);
	assert_int_equal(st->misses, 1);
	assert_int_equal(st->hits, 1);

	/* Unmapped in memory, not invalidated: the TLB still has it. */
	sim_mem_write32(sim->mem, L2, 0);
	assert_int_equal(dma(sim, "ovl0", 0, 0x100010, buf, 8, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_HIT);
	assert_int_equal(x.pa, 0x50000010);

	/* An invalidate with no TLB selected does nothing. */
	wr(sim, M4U + M4U_REG_INVLD_START_A, 0x100000);
	wr(sim, M4U + M4U_REG_INVLD_END_A, 0x100000);
	wr(sim, M4U + M4U_REG_INVALIDATE, M4U_F_INV_RANGE);
	assert_int_equal(rd(sim, M4U + M4U_REG_CPE_DONE), 0);
	assert_int_equal(dma(sim, "ovl0", 0, 0x100010, buf, 8, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_TLB_HIT);

	wr(sim, M4U + M4U_REG_INV_SEL, M4U_F_INVLD_EN0 | M4U_F_INVLD_EN1);
	wr(sim, M4U + M4U_REG_INVALIDATE, M4U_F_INV_RANGE);
	assert_int_equal(rd(sim, M4U + M4U_REG_CPE_DONE), 1);
	assert_int_equal(st->flush_range, 1);
	assert_int_equal(st->entries_dropped, 1);

	/*
	 * Now the walk faults in level 2: FAULT_VA = VA 31:12 | layer 1
	 * = 0x100001; INT_ID = larb 0 << 7 | port 0 << 2 = 0.  CTRL_REG is
	 * 0, so the access is dropped (reads all ones).
	 */
	assert_int_equal(dma(sim, "ovl0", 0, 0x100010, buf, 8, false, &x), 1);
	assert_int_equal(x.kind, SIM_XLATE_ABORT);
	assert_int_equal(buf[0], 0xff);
	assert_int_equal(rd(sim, M4U + M4U_REG_FAULT_ST1), 0x1);
	assert_int_equal(rd(sim, M4U + M4U_REG_MMU0_FAULT_VA), 0x100001);
	assert_int_equal(rd(sim, M4U + M4U_REG_MMU0_INT_ID), 0);

	/* A second fault while the first is latched leaves the registers alone. */
	wr(sim, LARB0_MMU_EN, 0x3);	/* and rdma0, port 1 */
	assert_int_equal(dma(sim, "rdma0", 0, 0x300000, buf, 8, true, &x), 1);
	assert_int_equal(rd(sim, M4U + M4U_REG_MMU0_FAULT_VA), 0x100001);

	/* INT_CONTROL0 bit 12 clears it; the bit does not stick. */
	wr(sim, M4U + M4U_REG_INT_CONTROL0, M4U_F_INT_CLR);
	assert_int_equal(rd(sim, M4U + M4U_REG_FAULT_ST1), 0);
	assert_int_equal(rd(sim, M4U + M4U_REG_INT_CONTROL0), 0);

	/* L1[3] is empty: layer 0; a write: bit 1.  0x300000 | 0x2 = 0x300002. */
	assert_int_equal(dma(sim, "rdma0", 0, 0x300000, buf, 8, true, &x), 1);
	assert_int_equal(rd(sim, M4U + M4U_REG_MMU0_FAULT_VA), 0x300002);
	assert_int_equal(rd(sim, M4U + M4U_REG_MMU0_INT_ID), 1 << 2);
	assert_int_equal(sim_m4u_fault_count(hw), 3);
	assert_false(sim_m4u_fault(hw, 0)->irq);	/* INT_MAIN_CONTROL is 0 */
	assert_string_equal(sim_m4u_fault(hw, 1)->master, "rdma0");
	sim_free(sim);
}

static void test_larb2_decode(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);
	struct sim_dma_xlate x;
	u8 buf[4];

	(void)state;
	/* cam_isp's port 1 is RRZO, larb 2 port 1: INT_ID 2 << 7 | 1 << 2 = 0x104. */
	wr(sim, LARB2_MMU_EN, 0x2);
	assert_int_equal(dma(sim, "cam_isp", 1, 0x500000, buf, 4, false, &x), 1);
	assert_int_equal(rd(sim, M4U + M4U_REG_MMU0_INT_ID), 0x104);
	/* Its port 0 (IMGO, bit 0) is still clear: bypass. */
	assert_int_equal(dma(sim, "cam_isp", 0, 0x40500000, buf, 4, false, &x), 0);
	assert_int_equal(x.kind, SIM_XLATE_BYPASS);
	sim_free(sim);
}

static void test_tlb_lru(void **state)
{
	struct sim *sim = boot_tlb(TEST_BOARDS, "mt8173-evb", BOARD_NO_DRIVERS, 2);
	struct sim_hw *hw = sim_hw_first(sim, &sim_m4u_hw_type);
	const struct m4u_tlb_stats *st = sim_m4u_tlb_stats(hw);
	static const struct { u64 iova; enum sim_xlate_kind kind; } seq[] = {
		{ 0x100000, SIM_XLATE_TLB_MISS },	/* {100} */
		{ 0x101000, SIM_XLATE_TLB_MISS },	/* {100, 101} */
		{ 0x100000, SIM_XLATE_TLB_HIT },	/* 101 is now the older */
		{ 0x102000, SIM_XLATE_TLB_MISS },	/* evicts 101: {100, 102} */
		{ 0x101000, SIM_XLATE_TLB_MISS },	/* evicts 100: {101, 102} */
		{ 0x102000, SIM_XLATE_TLB_HIT },
	};
	struct sim_dma_xlate x;
	u8 buf[4];

	(void)state;
	assert_int_equal(sim_m4u_tlb_size(hw), 2);
	build_tables(sim, 3);
	wr(sim, LARB0_MMU_EN, 0x1);
	for (size_t i = 0; i < ARRAY_SIZE(seq); i++) {
		assert_int_equal(dma(sim, "ovl0", 0, seq[i].iova, buf, 4, false, &x), 0);
		assert_int_equal(x.kind, seq[i].kind);
		assert_int_equal(x.pa, 0x50000000 + (seq[i].iova - 0x100000));
	}
	assert_int_equal(st->misses, 4);
	assert_int_equal(st->hits, 2);
	sim_free(sim);
}

static void test_protect_redirect(void **state)
{
	struct sim *sim = boot(BOARD_NO_DRIVERS);
	struct sim_dma_xlate x;
	u8 buf[0x300];

	(void)state;
	wr(sim, LARB0_MMU_EN, 0x1);
	wr(sim, M4U + M4U_REG_CTRL_REG, M4U_F_TF_PROT_TO_PROGRAM_ADDR);
	wr(sim, M4U + M4U_REG_IVRP_PADDR, 0x40010000 >> 1);	/* legacy: PA >> 1 */
	memset(buf, 0xab, sizeof(buf));
	/* PT_BASE 0: L1 at PA 0 reads as 0, a level-1 fault. */
	assert_int_equal(dma(sim, "ovl0", 0, 0x700000, buf, sizeof(buf), true, &x), 1);
	assert_int_equal(x.kind, SIM_XLATE_FAULT);
	assert_int_equal(x.pa, 0x40010000);
	/* 0x300 bytes went round the 256-byte buffer; nothing past it. */
	assert_int_equal(sim_mem_read32(sim->mem, 0x40010000), 0xabababab);
	assert_int_equal(sim_mem_read32(sim->mem, 0x400100fc), 0xabababab);
	assert_int_equal(sim_mem_read32(sim->mem, 0x40010100), 0);
	sim_free(sim);
}

static void test_4gb_mode(void **state)
{
	struct sim *sim = boot_tlb(TEST_FIXTURES, "m4u-4gb", BOARD_NO_DRIVERS, 32);
	struct sim_dma_xlate x;
	u8 buf[4];

	(void)state;
	sim_mem_write32(sim->mem, L1 + 1 * 4, (u32)L2 | 0x1);
	/* Output 0x1_40020000 (bit 9 = PA bit 32): region B, CPU 0x40020000. */
	sim_mem_write32(sim->mem, L2 + 0 * 4, 0x40020202);
	/* Output 0x1_00030000: region E, CPU address as is. */
	sim_mem_write32(sim->mem, L2 + 1 * 4, 0x00030202);
	wr(sim, M4U + M4U_REG_PT_BASE_ADDR, (u32)L1);
	wr(sim, LARB0_MMU_EN, 1u << 3);	/* the master is larb 0 port 3 */

	assert_int_equal(dma(sim, "master", 0, 0x100000, buf, 4, false, &x), 0);
	assert_int_equal(x.pa, 0x40020000);
	assert_int_equal(dma(sim, "master", 0, 0x101000, buf, 4, false, &x), 0);
	assert_int_equal(x.pa, 0x100030000ULL);
	sim_free(sim);
}

static void test_driver_fault_report(void **state)
{
	struct sim *sim = boot(0);
	struct sim_hw *hw = sim_hw_first(sim, &sim_m4u_hw_type);
	u64 flush_all = sim_m4u_tlb_stats(hw)->flush_all;
	struct device *ovl0 = sim_find_device(sim, "ovl0");
	struct sim_dma_xlate x;
	size_t lines;
	u8 buf[4];

	(void)state;
	/*
	 * hw_init at the default domain's attach: CTRL_REG = prefetch bit 4 |
	 * 2 << 5 = 0x50; all seven fault interrupts for both MMUs, bits 0..13;
	 * the protect buffer is the driver's first allocation, 0x40000000,
	 * written as PA >> 1.  The L1 table follows, 16 KiB aligned.
	 */
	assert_int_equal(rd(sim, M4U + M4U_REG_CTRL_REG), 0x50);
	assert_int_equal(rd(sim, M4U + M4U_REG_INT_MAIN_CONTROL), 0x3fff);
	assert_int_equal(rd(sim, M4U + M4U_REG_IVRP_PADDR), 0x20000000);
	assert_int_equal(rd(sim, M4U + M4U_REG_PT_BASE_ADDR), 0x40004000);

	/* The larb learns its bits when a master resumes it. */
	assert_int_equal(rd(sim, LARB0_MMU_EN), 0);
	pm_runtime_get_sync(ovl0);
	assert_true(rd(sim, LARB0_MMU_EN) & 0x1);

	lines = sim_klog_count(sim);
	assert_int_equal(dma(sim, "ovl0", 0, 0x200000, buf, 4, false, &x), 1);
	assert_int_equal(x.kind, SIM_XLATE_FAULT);
	assert_int_equal(x.pa, 0x40000000);		/* the protect buffer */
	assert_int_equal(sim_klog_count(sim), lines + 1);
	/*
	 * 6.1's line (mtk_iommu.c:460: master= is INT_ID, larb << 7 | port << 2)
	 * after dev_printk's "mtk-iommu 10205000.iommu: "; `faults` keeps the
	 * console's shape.
	 */
	assert_string_equal(sim_klog_get(sim, lines)->text,
			    "mtk-iommu 10205000.iommu: fault type=0x1 iova=0x200000 pa=0x0 master=0x0(larb=0 port=0) layer=0 read");
	assert_string_equal(sim_klog_console_text(sim_klog_get(sim, lines)),
			    "mtk-iommu: fault type=0x1 iova=0x200000 pa=0x0 larb=0 port=0 layer=0 read");
	assert_true(sim_klog_get(sim, lines)->fault);
	/* The handler cleared the interrupt and flushed the whole TLB. */
	assert_int_equal(rd(sim, M4U + M4U_REG_FAULT_ST1), 0);
	assert_int_equal(sim_m4u_tlb_stats(hw)->flush_all, flush_all + 1);
	pm_runtime_put(ovl0);

	/* cam_isp's port 2 is IMGI, larb 2 port 11. */
	pm_runtime_get_sync(sim_find_device(sim, "cam_isp"));
	assert_int_equal(dma(sim, "cam_isp", 2, 0x300000, buf, 4, true, &x), 1);
	assert_string_equal(sim_klog_get(sim, lines + 1)->text,
			    "mtk-iommu 10205000.iommu: fault type=0x1 iova=0x300002 pa=0x0 master=0x12c(larb=2 port=11) layer=0 write");
	assert_string_equal(sim_klog_console_text(sim_klog_get(sim, lines + 1)),
			    "mtk-iommu: fault type=0x1 iova=0x300002 pa=0x0 larb=2 port=11 layer=0 write");
	pm_runtime_put(sim_find_device(sim, "cam_isp"));
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walker),
		cmocka_unit_test(test_reset_and_guest_errors),
		cmocka_unit_test(test_bypass_without_driver),
		cmocka_unit_test(test_translate_tlb_and_stale),
		cmocka_unit_test(test_larb2_decode),
		cmocka_unit_test(test_tlb_lru),
		cmocka_unit_test(test_protect_redirect),
		cmocka_unit_test(test_4gb_mode),
		cmocka_unit_test(test_driver_fault_report),
	};

	return unit_run("m4u", tests, ARRAY_SIZE(tests));
}
