// SPDX-License-Identifier: GPL-2.0
/*
 * t0603's module: the project's ARMv7 short-descriptor page table
 * (sim/iommu/io-pgtable-arm-v7s.c) on the real 6.1 kernel, through
 * kernel-lab/lab_v7s_mem.c, the way kernel-lab's M4U driver reaches it.
 * Loading it runs every check once and prints one line per check,
 * "v7s-check: ok - WHAT" or "v7s-check: not ok - WHAT: got X, want Y", then
 * "v7s-check: done".
 *
 * The descriptors are read back through phys_to_virt(), as the software
 * M4U model reads them, and compared with values worked out by hand from
 * the format (ARM DDI 0406C B3.5.1, the MediaTek PA bits), as
 * tests/unit/v7s-t.c works them out for the simulator.  mt8173's quirks
 * (ARM_NS, NO_PERMS, ARM_MTK_EXT) and prot READ|WRITE give the attribute
 * byte nG|S|TEX=1 = 0xc4 and no AP bits:
 *   small page    0xc4 << 4 | type 0x2                        = 0xc42
 *   large page    TEX moved from bit 6 to bit 12, type 0x1    = 0x1c01
 *   section       0xc4 << 10 | type 0x2 | NS (bit 19)         = 0xb1002
 *   supersection  section | bit 18                            = 0xf1002
 *   table         level-2 base | NS_TABLE (bit 3) | type 0x1  = base | 0x9
 *   PA bit 32     descriptor bit 9                            = 0x200
 */
#include <linux/io-pgtable.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sizes.h>

#include <lab_v7s_mem.h>
#include <trace/events/iommu_lab.h>

#define MT8173_QUIRKS	(IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS | \
			 IO_PGTABLE_QUIRK_ARM_MTK_EXT)
#define RW		(IOMMU_READ | IOMMU_WRITE)
#define SMALL		0xc42u
#define LARGE		0x1c01u
#define SECTION		0xb1002u
#define SUPERSECTION	0xf1002u
#define TABLE		0x9u
#define MTK_PA_BIT32	0x200u

/* What the table told the TLB, per table. */
struct tlb_log {
	unsigned int flush_all;
	unsigned int add_page;
	unsigned long last_iova;
	size_t last_granule;
};

/* The last event the table recorded (the module's lab_trace_event()). */
static char last_event[32];
static char last_text[160];

void lab_trace_event(const char *event, const char *fmt, ...)
{
	va_list args;

	strscpy(last_event, event, sizeof(last_event));
	va_start(args, fmt);
	vscnprintf(last_text, sizeof(last_text), fmt, args);
	va_end(args);
}

static void tlb_flush_all(void *cookie)
{
	struct tlb_log *log = cookie;

	log->flush_all++;
}

static void tlb_flush_walk(unsigned long iova, size_t size, size_t granule,
			   void *cookie)
{
}

static void tlb_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			 size_t granule, void *cookie)
{
	struct tlb_log *log = cookie;

	log->add_page++;
	log->last_iova = iova;
	log->last_granule = granule;
}

static const struct iommu_flush_ops check_tlb_ops = {
	.tlb_flush_all	= tlb_flush_all,
	.tlb_flush_walk	= tlb_flush_walk,
	.tlb_add_page	= tlb_add_page,
};

static void check_eq(const char *what, u64 got, u64 want)
{
	if (got == want)
		pr_info("v7s-check: ok - %s\n", what);
	else
		pr_info("v7s-check: not ok - %s: got 0x%llx, want 0x%llx\n",
			what, got, want);
}

static void check_str(const char *what, const char *got, const char *want)
{
	if (!strcmp(got, want))
		pr_info("v7s-check: ok - %s\n", what);
	else
		pr_info("v7s-check: not ok - %s: got '%s', want '%s'\n",
			what, got, want);
}

/* Entry @i of the table at @pa, as the M4U model reads it. */
static u32 entry(phys_addr_t pa, unsigned int i)
{
	return READ_ONCE(((u32 *)phys_to_virt(pa))[i]);
}

static struct io_pgtable_cfg mt8173_cfg(struct tlb_log *log)
{
	memset(log, 0, sizeof(*log));
	return (struct io_pgtable_cfg) {
		.quirks = MT8173_QUIRKS,
		.pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M,
		.ias = 32,
		.oas = 33,
		.tlb = &check_tlb_ops,
	};
}

static int map(struct io_pgtable_ops *ops, unsigned long iova, phys_addr_t pa,
	       size_t size)
{
	size_t mapped = 0;
	int ret = ops->map_pages(ops, iova, pa, size, 1, RW, GFP_KERNEL, &mapped);

	return ret ? ret : mapped == size ? 0 : -EIO;
}

/* Where a GFP_KERNEL page lands: above 4 GiB shows GFP_DMA32 doing its part. */
static void say_where_normal_pages_go(void)
{
	struct page *page = alloc_page(GFP_KERNEL);

	if (!page)
		return;
	pr_info("v7s-check: # a GFP_KERNEL page is at %s 4 GiB\n",
		page_to_phys(page) >> 32 ? "or above" : "below");
	__free_page(page);
}

static void check_mt8173(void)
{
	struct io_pgtable_ops *ops, *other;
	struct tlb_log log, other_log;
	struct io_pgtable_cfg cfg = mt8173_cfg(&log);
	struct io_pgtable_cfg other_cfg = mt8173_cfg(&other_log);
	phys_addr_t l1, l2;
	unsigned int i, nonzero;

	check_eq("another format is refused",
		 !!lab_alloc_io_pgtable_ops(ARM_32_LPAE_S1, &cfg, &log), 0);
	ops = lab_alloc_io_pgtable_ops(ARM_V7S, &cfg, &log);
	check_eq("ARM_V7S with mt8173's cfg gives a table", !!ops, 1);
	if (!ops)
		return;

	/* MTK: ttbr = PA | PA >> 32, so below 4 GiB it is the PA itself. */
	l1 = cfg.arm_v7s_cfg.ttbr;
	check_eq("level 1 is 16 KiB-aligned and below 4 GiB", l1 & (SZ_16K - 1), 0);
	check_eq("the page sizes", cfg.pgsize_bitmap, SZ_4K | SZ_64K | SZ_1M | SZ_16M);
	for (i = 0, nonzero = 0; i < 4096; i++)
		nonzero += entry(l1, i) != 0;
	check_eq("level 1 is zeroed", nonzero, 0);

	check_eq("map 4 KiB", map(ops, 0x1000, 0x12345000, SZ_4K), 0);
	l2 = entry(l1, 0) & ~0x3ffu;
	check_eq("level 1 points to a table, 1 KiB-aligned",
		 entry(l1, 0) & 0x3ff, TABLE);
	check_eq("level 2 is a table of its own", l2 && l2 != l1, 1);
	if (!l2 || l2 == l1)
		goto out_free;	/* nothing there to read */
	check_eq("small page", entry(l2, 1), 0x12345000 | SMALL);
	for (i = 0, nonzero = 0; i < 256; i++)
		nonzero += i != 1 && entry(l2, i) != 0;
	check_eq("level 2 is zeroed but for it", nonzero, 0);
	check_eq("iova_to_phys small", ops->iova_to_phys(ops, 0x1234), 0x12345234);

	check_eq("map 64 KiB", map(ops, 0x20000, 0x50000000, SZ_64K), 0);
	for (i = 0x20, nonzero = 0; i < 0x30; i++)
		nonzero += entry(l2, i) != (0x50000000 | LARGE);
	check_eq("large page in 16 slots", nonzero, 0);
	check_eq("iova_to_phys large", ops->iova_to_phys(ops, 0x2abcd), 0x5000abcd);

	check_eq("map 1 MiB", map(ops, 0x100000, 0x40000000, SZ_1M), 0);
	check_eq("section", entry(l1, 1), 0x40000000 | SECTION);
	check_eq("iova_to_phys section", ops->iova_to_phys(ops, 0x123456), 0x40023456);

	check_eq("map 16 MiB", map(ops, 0x1000000, 0x41000000, SZ_16M), 0);
	for (i = 16, nonzero = 0; i < 32; i++)
		nonzero += entry(l1, i) != (0x41000000 | SUPERSECTION);
	check_eq("supersection in 16 slots", nonzero, 0);
	check_eq("iova_to_phys supersection",
		 ops->iova_to_phys(ops, 0x1abcdef), 0x41abcdef);

	check_eq("map 4 KiB at PA 0x123456000", map(ops, 0x3000, 0x123456000ULL, SZ_4K), 0);
	check_eq("PA bit 32 in bit 9", entry(l2, 3), 0x23456000 | MTK_PA_BIT32 | SMALL);
	check_eq("iova_to_phys above 4 GiB",
		 ops->iova_to_phys(ops, 0x3010), 0x123456010ULL);

	/* A table above 4 GiB would have failed its map with "pgtable_error". */
	check_str("no event so far", last_event, "");
	check_eq("map over a mapping", map(ops, 0x1000, 0x2000, SZ_4K), -EEXIST);
	check_str("its warning event", last_event, "pgtable_warn");
	check_str("its warning text", last_text,
		  "fmt=arm-v7s iova=0x1000 msg=\"map over an existing entry: unmap first\"");

	check_eq("unmap 4 KiB", ops->unmap_pages(ops, 0x1000, SZ_4K, 1, NULL), SZ_4K);
	check_eq("its slot is cleared", entry(l2, 1), 0);
	check_eq("its TLB page", log.last_iova == 0x1000 && log.last_granule == SZ_4K, 1);
	check_eq("iova_to_phys after unmap", ops->iova_to_phys(ops, 0x1000), 0);
	check_eq("unmap 1 MiB", ops->unmap_pages(ops, 0x100000, SZ_1M, 1, NULL), SZ_1M);
	check_eq("the section's slot is cleared", entry(l1, 1), 0);

	/* A second table at the same time: its own cache and tables. */
	other = lab_alloc_io_pgtable_ops(ARM_V7S, &other_cfg, &other_log);
	check_eq("a second table at once", !!other, 1);
	if (other) {
		check_eq("it has its own level 1",
			 other_cfg.arm_v7s_cfg.ttbr != cfg.arm_v7s_cfg.ttbr, 1);
		check_eq("map in it", map(other, 0x5000, 0x7000, SZ_4K), 0);
		check_eq("the first table does not see it",
			 ops->iova_to_phys(ops, 0x5000), 0);
		lab_free_io_pgtable_ops(other);
		check_eq("free flushes its TLB once", other_log.flush_all, 1);
	}

out_free:
	lab_free_io_pgtable_ops(ops);
	check_eq("free flushes the TLB once", log.flush_all, 1);
	lab_free_io_pgtable_ops(NULL);
}

/* ARM_MTK_TTBR_EXT: level 1 may be anywhere below the output size. */
static void check_ttbr_ext(void)
{
	struct tlb_log log;
	struct io_pgtable_cfg cfg = mt8173_cfg(&log);
	struct io_pgtable_ops *ops;

	cfg.quirks |= IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT;
	cfg.oas = 35;
	ops = lab_alloc_io_pgtable_ops(ARM_V7S, &cfg, &log);
	check_eq("ARM_MTK_TTBR_EXT gives a table", !!ops, 1);
	if (!ops)
		return;
	/* ttbr = PA | PA >> 32: PA bits 34..32 land in bits 2..0 */
	check_eq("its level 1 is 16 KiB-aligned", cfg.arm_v7s_cfg.ttbr & 0x3ff8, 0);
	check_eq("map in it", map(ops, 0x7000, 0x9000, SZ_4K), 0);
	check_eq("iova_to_phys in it", ops->iova_to_phys(ops, 0x7008), 0x9008);
	lab_free_io_pgtable_ops(ops);
}

static int __init lab_v7s_check_init(void)
{
	say_where_normal_pages_go();
	check_mt8173();
	check_ttbr_ext();
	pr_info("v7s-check: done\n");
	return 0;
}

static void __exit lab_v7s_check_exit(void)
{
}

module_init(lab_v7s_check_init);
module_exit(lab_v7s_check_exit);
MODULE_DESCRIPTION("iommu-lab: the project's v7s page table on the real kernel");
MODULE_LICENSE("GPL");
