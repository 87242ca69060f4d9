/*
 * The ARMv7 short-descriptor io-pgtable: Linux 6.1's own self-test
 * sequence, then descriptors read back from simulated memory and checked
 * bit by bit against the format (ARM DDI 0406C, B3.5.1; the MediaTek PA
 * bits of io-pgtable-arm-v7s.c), the TLB callbacks, splits, errors and
 * table accounting.  Unless a test says otherwise, RAM starts at
 * 0x40000000 (mt8173's DRAM), so the level-1 table lands there and the
 * first level-2 tables at 0x40004000, 0x40004400, ... (lowest fit first).
 */
#include <string.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/io-pgtable.h>
#include <sim/iommu.h>
#include <sim/mem.h>
#include <sim/sim.h>
#include <sim/trace.h>

#include "unit.h"

#define RAM_BASE	0x40000000ULL
#define L1		RAM_BASE		/* level-1 table */
#define L2_0		(RAM_BASE + 0x4000)	/* first level-2 table */
#define L2_1		(RAM_BASE + 0x4400)	/* second */
#define ALL_SIZES	(SZ_4K | SZ_64K | SZ_1M | SZ_16M)
#define RW		(IOMMU_READ | IOMMU_WRITE)
#define MT8173_QUIRKS	(IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS | \
			 IO_PGTABLE_QUIRK_ARM_MTK_EXT)

/*
 * Leaf attributes for prot = READ|WRITE under the mt8173 quirks: the
 * attribute byte is nG (0x80) | S (0x40) | TEX=1 (0x04) = 0xc4, no AP bits
 * (NO_PERMS).
 *   section:      0xc4 << 10 = 0x31000, | type 0x2, | NS bit 19 0x80000
 *                 = 0xb1002
 *   supersection: section | bit 18 0x40000 = 0xf1002
 *   small page:   0xc4 << 4 = 0xc40, | type 0x2 = 0xc42
 *   large page:   TEX moves from bit 6 (0x40) to bit 12 (0x1000), type 0x2
 *                 becomes 0x1: 0xc00 | 0x1000 | 0x1 = 0x1c01
 *   table:        L2 base | type 0x1 | NS bit 3 0x8 = base | 0x9
 */
#define MTK_SECTION	0xb1002u
#define MTK_SUPER	0xf1002u
#define MTK_SMALL	0xc42u
#define MTK_LARGE	0x1c01u
#define NS_TABLE	0x9u

struct call {
	char kind;			/* 'w' flush_walk, 'p' add_page */
	unsigned long iova;
	size_t size, granule;
	struct iommu_iotlb_gather *gather;
};

struct lab {
	struct sim *sim;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	unsigned int flush_all;
	unsigned int ncalls;
	struct call calls[64];
	unsigned int bad_cookie;
	unsigned int bad_size;		/* 6.1's self-test: size not in the bitmap */
};

static void record(struct lab *l, char kind, unsigned long iova, size_t size,
		   size_t granule, struct iommu_iotlb_gather *gather)
{
	if (!(size & l->cfg.pgsize_bitmap))
		l->bad_size++;
	if (l->ncalls < ARRAY_SIZE(l->calls))
		l->calls[l->ncalls] = (struct call){ kind, iova, size, granule, gather };
	l->ncalls++;
}

static struct lab *cookie_lab(void *cookie)
{
	struct lab *l = cookie;

	if (l->ops && io_pgtable_ops_to_pgtable(l->ops)->cookie != cookie)
		l->bad_cookie++;
	return l;
}

static void tlb_flush_all(void *cookie)
{
	cookie_lab(cookie)->flush_all++;
}

static void tlb_flush_walk(unsigned long iova, size_t size, size_t granule,
			   void *cookie)
{
	record(cookie_lab(cookie), 'w', iova, size, granule, NULL);
}

static void tlb_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			 size_t granule, void *cookie)
{
	record(cookie_lab(cookie), 'p', iova, granule, granule, gather);
}

static const struct iommu_flush_ops tlb_ops = {
	.tlb_flush_all	= tlb_flush_all,
	.tlb_flush_walk	= tlb_flush_walk,
	.tlb_add_page	= tlb_add_page,
};

/* A machine with @size bytes of RAM at @ram and a cfg for @quirks. */
static void lab_boot(struct lab *l, phys_addr_t ram, u64 size,
		     unsigned long quirks, unsigned int ias, unsigned int oas)
{
	memset(l, 0, sizeof(*l));
	l->sim = sim_new();
	assert_non_null(l->sim);
	/* no IOMMU device in the cfg: the tables go in the current machine */
	sim_enter(l->sim);
	assert_int_equal(sim_mem_add_ram(l->sim->mem, ram, size), 0);
	l->cfg = (struct io_pgtable_cfg) {
		.quirks = quirks,
		.pgsize_bitmap = ALL_SIZES,
		.ias = ias,
		.oas = oas,
		.tlb = &tlb_ops,
	};
}

static void lab_alloc(struct lab *l)
{
	l->ops = alloc_io_pgtable_ops(ARM_V7S, &l->cfg, l);
	assert_non_null(l->ops);
}

/* mt8173's domain: 6.1 mtk_iommu_domain_finalise(), 4 GB mode off. */
static void lab_mt8173(struct lab *l, unsigned int oas)
{
	lab_boot(l, RAM_BASE, SZ_1G, MT8173_QUIRKS, 32, oas);
	lab_alloc(l);
}

/* Frees the table: one full flush, every byte back, no stray callbacks. */
static void lab_done(struct lab *l)
{
	unsigned int ncalls = l->ncalls;

	free_io_pgtable_ops(l->ops);
	assert_int_equal(l->flush_all, 1);
	assert_int_equal(l->ncalls, ncalls);
	assert_int_equal(l->bad_cookie, 0);
	assert_int_equal(sim_mem_allocated(l->sim->mem), 0);
	sim_free(l->sim);
}

static int map(struct lab *l, unsigned long iova, phys_addr_t pa, size_t size,
	       int prot)
{
	size_t mapped = 0;
	int ret = l->ops->map_pages(l->ops, iova, pa, size, 1, prot, GFP_KERNEL,
				    &mapped);

	assert_int_equal(mapped, ret ? 0 : size);
	return ret;
}

static size_t unmap(struct lab *l, unsigned long iova, size_t size)
{
	return l->ops->unmap_pages(l->ops, iova, size, 1, NULL);
}

static phys_addr_t phys(struct lab *l, unsigned long iova)
{
	return l->ops->iova_to_phys(l->ops, iova);
}

static u32 rd(struct lab *l, phys_addr_t pa)
{
	return sim_mem_read32(l->sim->mem, pa);
}

static u64 allocated(struct lab *l)
{
	return sim_mem_allocated(l->sim->mem);
}

static unsigned int count_events(struct lab *l, const char *name)
{
	unsigned int n = 0;

	for (size_t i = 0; i < sim_trace_count(l->sim); i++)
		if (!strcmp(sim_trace_get(l->sim, i)->name, name))
			n++;
	return n;
}

static unsigned int warns(struct lab *l)
{
	return count_events(l, "pgtable_warn");
}

static void assert_call(struct lab *l, unsigned int i, char kind,
			unsigned long iova, size_t size, size_t granule)
{
	assert_true(i < l->ncalls);
	assert_int_equal(l->calls[i].kind, kind);
	assert_int_equal(l->calls[i].iova, iova);
	assert_int_equal(l->calls[i].size, size);
	assert_int_equal(l->calls[i].granule, granule);
}

/*
 * The cfg outputs for mt8173.  ttbr is the level-1 table's PA and nothing
 * else: with ARM_MTK_EXT 6.1 writes PA | upper_32_bits(PA), no walk
 * attributes.  PRRR: TR1=device (1 << 2 = 0x4), TR4=normal (2 << 8 =
 * 0x200), TR7=normal (2 << 14 = 0x8000), DS0 0x10000, DS1 0x20000, NS1
 * 0x80000, NOS7 1 << 31: 0x800b8204.  NMRR: IR7=WBWA (1 << 14 = 0x4000),
 * OR7=WBWA (1 << 30): 0x40004000.
 */
static void test_mt8173_cfg(void **state)
{
	struct lab l;

	lab_boot(&l, RAM_BASE, SZ_1G, MT8173_QUIRKS, 32, 32);
	l.cfg.pgsize_bitmap |= SZ_2M | SZ_1G;
	lab_alloc(&l);
	/* 0x1000 | 0x10000 | 0x100000 | 0x1000000 */
	assert_int_equal(l.cfg.pgsize_bitmap, 0x1111000);
	assert_int_equal(l.cfg.arm_v7s_cfg.ttbr, 0x40000000);
	assert_int_equal(l.cfg.arm_v7s_cfg.tcr, 0);
	assert_int_equal(l.cfg.arm_v7s_cfg.prrr, 0x800b8204);
	assert_int_equal(l.cfg.arm_v7s_cfg.nmrr, 0x40004000);
	/* 4096 entries of 4 bytes, nothing else yet */
	assert_int_equal(allocated(&l), 0x4000);
	assert_int_equal(io_pgtable_ops_to_pgtable(l.ops)->cfg.pgsize_bitmap, 0x1111000);
	lab_done(&l);
}

/*
 * Without ARM_MTK_EXT, ttbr carries walk attributes: S (bit 1) always;
 * coherent walks add NOS (bit 5), IRGN=WBWA (IRGN[0] at bit 6 = 0x40) and
 * ORGN=WBWA (1 << 3 = 0x8): 0x2 | 0x20 | 0x40 | 0x8 = 0x6a.  Non-coherent
 * walks use IRGN=ORGN=NC (0): just 0x2.
 */
static void test_ttbr_attributes(void **state)
{
	struct io_pgtable_ops *second;
	struct lab l;

	lab_boot(&l, RAM_BASE, SZ_1G, IO_PGTABLE_QUIRK_ARM_NS, 32, 32);
	l.cfg.coherent_walk = true;
	lab_alloc(&l);
	assert_int_equal(l.cfg.arm_v7s_cfg.ttbr, 0x40000000 | 0x6a);

	l.cfg.coherent_walk = false;
	second = alloc_io_pgtable_ops(ARM_V7S, &l.cfg, &l);
	assert_non_null(second);
	/* the second level-1 table follows the first: 0x40004000 */
	assert_int_equal(l.cfg.arm_v7s_cfg.ttbr, 0x40004000 | 0x2);
	assert_int_equal(allocated(&l), 0x8000);
	free_io_pgtable_ops(second);
	l.flush_all = 0;
	lab_done(&l);
}

/* Every cfg 6.1's arm_v7s_alloc_pgtable() refuses; nothing is allocated. */
static void test_bad_cfg(void **state)
{
	static const struct { unsigned long quirks; unsigned int ias, oas; } bad[] = {
		{ IO_PGTABLE_QUIRK_ARM_NS, 33, 32 },	/* ias > 32 */
		{ IO_PGTABLE_QUIRK_ARM_NS, 32, 33 },	/* oas > 32 */
		{ MT8173_QUIRKS, 35, 32 },		/* MTK: ias > 34 */
		{ MT8173_QUIRKS, 32, 36 },		/* MTK: oas > 35 */
		{ BIT(2), 32, 32 },			/* unknown quirk */
		{ IO_PGTABLE_QUIRK_ARM_MTK_EXT, 32, 32 },	/* MTK without NO_PERMS */
		{ IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT | IO_PGTABLE_QUIRK_NO_PERMS, 32, 32 },
		{ 0, 19, 32 },				/* departure: ias < 20 */
	};
	struct lab l;

	lab_boot(&l, RAM_BASE, SZ_1G, 0, 32, 32);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		l.cfg.quirks = bad[i].quirks;
		l.cfg.ias = bad[i].ias;
		l.cfg.oas = bad[i].oas;
		assert_null(alloc_io_pgtable_ops(ARM_V7S, &l.cfg, &l));
	}
	l.cfg.quirks = 0;
	l.cfg.ias = l.cfg.oas = 32;
	assert_null(alloc_io_pgtable_ops(IO_PGTABLE_NUM_FMTS, &l.cfg, &l));
	sim_enter(NULL);
	assert_null(alloc_io_pgtable_ops(ARM_V7S, &l.cfg, &l));
	assert_int_equal(allocated(&l), 0);
	free_io_pgtable_ops(NULL);
	assert_int_equal(l.flush_all, 0);
	sim_free(l.sim);
}

/*
 * 6.1's arm_v7s_do_selftests(), step by step, same cfg (ARM_NS, 32/32,
 * coherent walk).  The kernel hides the -EEXIST WARNs while its self-test
 * runs; the simulator always reports them, so the four overlapping maps
 * leave exactly four pgtable_warn events.
 */
static void test_kernel_selftest(void **state)
{
	unsigned long iova;
	size_t size;
	struct lab l;

	lab_boot(&l, RAM_BASE, SZ_1G, IO_PGTABLE_QUIRK_ARM_NS, 32, 32);
	l.cfg.coherent_walk = true;
	lab_alloc(&l);

	/* empty tables translate nothing */
	assert_int_equal(phys(&l, 42), 0);
	assert_int_equal(phys(&l, SZ_1G + 42), 0);
	assert_int_equal(phys(&l, 2 * SZ_1G + 42), 0);

	/* one mapping of each size, 16 MiB apart, identity */
	iova = 0;
	for (int bit = 0; bit < 64; bit++) {
		if (!(l.cfg.pgsize_bitmap & BIT(bit)))
			continue;
		size = BIT(bit);
		assert_int_equal(map(&l, iova, iova, size,
				     RW | IOMMU_NOEXEC | IOMMU_CACHE), 0);
		assert_int_equal(map(&l, iova, iova + size, size,
				     IOMMU_READ | IOMMU_NOEXEC), -EEXIST);
		assert_int_equal(phys(&l, iova + 42), iova + 42);
		iova += SZ_16M;
	}
	assert_int_equal(warns(&l), 4);

	/* partial unmap of the 64K, 1M and 16M mappings, then remap it */
	for (unsigned int i = 1; i < 4; i++) {
		unsigned long start = i * SZ_16M;

		assert_int_equal(unmap(&l, start + SZ_4K, SZ_4K), SZ_4K);
		assert_int_equal(map(&l, start + SZ_4K, SZ_4K, SZ_4K, IOMMU_READ), 0);
		assert_int_equal(phys(&l, start + SZ_4K + 42), SZ_4K + 42);
	}

	/* full unmap: gone, then remapped */
	iova = 0;
	for (int bit = 0; bit < 64; bit++) {
		if (!(l.cfg.pgsize_bitmap & BIT(bit)))
			continue;
		size = BIT(bit);
		assert_int_equal(unmap(&l, iova, size), size);
		assert_int_equal(phys(&l, iova + 42), 0);
		assert_int_equal(map(&l, iova, iova, size, IOMMU_WRITE), 0);
		assert_int_equal(phys(&l, iova + 42), iova + 42);
		iova += SZ_16M;
	}
	assert_int_equal(warns(&l), 4);
	assert_int_equal(l.bad_size, 0);	/* the kernel's dummy_tlb_flush check */
	lab_done(&l);
}

/*
 * The four leaf kinds under the mt8173 quirks, read back where the walker
 * will find them: level-1 slot n at ttbr + 4n, level-2 slot n at the
 * table's base + 4n.
 */
static void test_mt8173_descriptors(void **state)
{
	struct lab l;

	lab_mt8173(&l, 32);

	/* 4K: IOVA 0x1000 is L1 slot 0, L2 slot 1 */
	assert_int_equal(map(&l, 0x1000, 0x12345000, SZ_4K, RW), 0);
	assert_int_equal(rd(&l, L1 + 0), L2_0 | NS_TABLE);		/* 0x40004009 */
	assert_int_equal(rd(&l, L2_0 + 4), 0x12345000 | MTK_SMALL);	/* 0x12345c42 */
	assert_int_equal(rd(&l, L2_0 + 0), 0);
	assert_int_equal(rd(&l, L2_0 + 8), 0);

	/* 64K: IOVA 0x110000 is L1 slot 1, L2 slots 0x10..0x1f */
	assert_int_equal(map(&l, 0x110000, 0x23450000, SZ_64K, RW), 0);
	assert_int_equal(rd(&l, L1 + 4), L2_1 | NS_TABLE);		/* 0x40004409 */
	for (unsigned int i = 0x10; i <= 0x1f; i++)
		assert_int_equal(rd(&l, L2_1 + 4 * i), 0x23450000 | MTK_LARGE);	/* 0x23451c01 */
	assert_int_equal(rd(&l, L2_1 + 4 * 0x0f), 0);
	assert_int_equal(rd(&l, L2_1 + 4 * 0x20), 0);

	/* 1M: IOVA 0x300000 is L1 slot 3 */
	assert_int_equal(map(&l, 0x300000, 0x34500000, SZ_1M, RW), 0);
	assert_int_equal(rd(&l, L1 + 0xc), 0x34500000 | MTK_SECTION);	/* 0x345b1002 */

	/* 16M: IOVA 0x1000000 is L1 slots 16..31 */
	assert_int_equal(map(&l, 0x1000000, 0x45000000, SZ_16M, RW), 0);
	for (unsigned int i = 16; i <= 31; i++)
		assert_int_equal(rd(&l, L1 + 4 * i), 0x45000000 | MTK_SUPER);	/* 0x450f1002 */
	assert_int_equal(rd(&l, L1 + 4 * 15), 0);
	assert_int_equal(rd(&l, L1 + 4 * 32), 0);

	/*
	 * CACHE adds B|C (0xc): 0xc4e; NOEXEC is dropped under NO_PERMS.
	 * MMIO has TEX=0 and B: 0xc0 << 4 | 0x4 | 0x2 = 0xc06.
	 */
	assert_int_equal(map(&l, 0x2000, 0x12346000, SZ_4K,
			     RW | IOMMU_CACHE | IOMMU_NOEXEC), 0);
	assert_int_equal(rd(&l, L2_0 + 8), 0x12346c4e);
	assert_int_equal(map(&l, 0x3000, 0x10000000, SZ_4K, RW | IOMMU_MMIO), 0);
	assert_int_equal(rd(&l, L2_0 + 12), 0x10000c06);

	/* translations keep the offset inside each page */
	assert_int_equal(phys(&l, 0x1123), 0x12345123);
	assert_int_equal(phys(&l, 0x11abcd), 0x2345abcd);
	assert_int_equal(phys(&l, 0x3abcde), 0x345abcde);
	assert_int_equal(phys(&l, 0x1abcdef), 0x45abcdef);
	assert_int_equal(phys(&l, 0x4000), 0);
	assert_int_equal(phys(&l, 0x100000), 0);	/* L2 slot 0 of table 2 */

	/* level 1 plus two level-2 tables */
	assert_int_equal(allocated(&l), 0x4000 + 2 * 0x400);
	assert_int_equal(warns(&l), 0);
	lab_done(&l);
}

/*
 * With permissions (no NO_PERMS): AF = AP0 (attr bit 0), unprivileged =
 * AP1 (bit 1), read-only = AP2 (bit 5), XN in bit 4 (level 1), bit 0
 * (small page), bit 15 (large page).
 */
static void test_descriptors_with_permissions(void **state)
{
	struct lab l;

	lab_boot(&l, RAM_BASE, SZ_1G, IO_PGTABLE_QUIRK_ARM_NS, 32, 32);
	lab_alloc(&l);

	/*
	 * READ|NOEXEC small page: attr 0xc4 | AF 0x1 | UNPRIV 0x2 | RDONLY 0x20
	 * = 0xe7, << 4 = 0xe70, | XN 0x1 | type 0x2 = 0xe73.
	 */
	assert_int_equal(map(&l, 0x5000, 0x11111000, SZ_4K, IOMMU_READ | IOMMU_NOEXEC), 0);
	assert_int_equal(rd(&l, L2_0 + 4 * 5), 0x11111e73);

	/*
	 * The same as a large page: XN 0x1 -> 0x8000, TEX 0x40 -> 0x1000,
	 * type 0x2 -> 0x1: 0xe30 | 0x8000 | 0x1000 | 0x1 = 0x9e31.
	 */
	assert_int_equal(map(&l, 0x10000, 0x22220000, SZ_64K, IOMMU_READ | IOMMU_NOEXEC), 0);
	assert_int_equal(rd(&l, L2_0 + 4 * 0x10), 0x22229e31);
	assert_int_equal(rd(&l, L2_0 + 4 * 0x1f), 0x22229e31);

	/*
	 * READ|WRITE|PRIV section: attr 0xc4 | AF = 0xc5, << 10 = 0x31400,
	 * | type 0x2 | NS 0x80000 = 0xb1402.
	 */
	assert_int_equal(map(&l, 0x500000, 0x33300000, SZ_1M, RW | IOMMU_PRIV), 0);
	assert_int_equal(rd(&l, L1 + 4 * 5), 0x333b1402);

	/*
	 * READ|WRITE|CACHE|NOEXEC supersection: attr 0xc4 | AF | UNPRIV =
	 * 0xc7, << 10 = 0x31c00, | XN 0x10 | C|B 0xc | type 0x2 | NS 0x80000 |
	 * bit 18 0x40000 = 0xf1c1e.
	 */
	assert_int_equal(map(&l, 0x2000000, 0x45000000, SZ_16M,
			     RW | IOMMU_CACHE | IOMMU_NOEXEC), 0);
	assert_int_equal(rd(&l, L1 + 4 * 32), 0x450f1c1e);
	assert_int_equal(rd(&l, L1 + 4 * 47), 0x450f1c1e);

	assert_int_equal(phys(&l, 0x5abc), 0x11111abc);
	assert_int_equal(phys(&l, 0x1fedc), 0x2222fedc);
	assert_int_equal(phys(&l, 0x2fedcba), 0x45fedcba);
	lab_done(&l);
}

/*
 * ARM_MTK_EXT: PA bit 32 in descriptor bit 9 (0x200), bit 33 in bit 4
 * (0x10), bit 34 in bit 5 (0x20).  4 GB mode: oas 33.
 */
static void test_mtk_pa_above_4g(void **state)
{
	struct lab l;

	lab_mt8173(&l, 33);
	/* 0x40003000 | 0xc42 | 0x200 */
	assert_int_equal(map(&l, 0x1000, 0x140003000, SZ_4K, RW), 0);
	assert_int_equal(rd(&l, L2_0 + 4), 0x40003e42);
	assert_int_equal(phys(&l, 0x1010), 0x140003010);
	/* 0x80100000 | 0xb1002 | 0x200 */
	assert_int_equal(map(&l, 0x200000, 0x180100000, SZ_1M, RW), 0);
	assert_int_equal(rd(&l, L1 + 8), 0x801b1202);
	assert_int_equal(phys(&l, 0x2abcde), 0x1801abcde);
	/* 1 << 33 is past oas 33 */
	assert_int_equal(map(&l, 0x300000, 0x200000000, SZ_1M, RW), -ERANGE);
	assert_int_equal(warns(&l), 1);
	lab_done(&l);

	/* oas 35 reaches bits 33 and 34 */
	lab_mt8173(&l, 35);
	/* 0x00100000 | 0xb1002 | 0x200 | 0x10 | 0x20 */
	assert_int_equal(map(&l, 0x100000, 0x700100000, SZ_1M, RW), 0);
	assert_int_equal(rd(&l, L1 + 4), 0x001b1232);
	assert_int_equal(phys(&l, 0x112345), 0x700112345);
	/* small page at L2 slot 3: 0x5000 | 0xc42 | 0x10 */
	assert_int_equal(map(&l, 0x3000, 0x200005000, SZ_4K, RW), 0);
	assert_int_equal(rd(&l, L2_0 + 12), 0x00005c52);
	assert_int_equal(phys(&l, 0x3abc), 0x200005abc);
	/* 64K at L2 slots 0x10..0x1f: 0x10000 | 0x1c01 | 0x20 */
	assert_int_equal(map(&l, 0x10000, 0x400010000, SZ_64K, RW), 0);
	assert_int_equal(rd(&l, L2_0 + 0x40), 0x00011c21);
	assert_int_equal(phys(&l, 0x1ffff), 0x40001ffff);
	lab_done(&l);
}

/*
 * Tables above 4 GiB need ARM_MTK_TTBR_EXT: then the table descriptor
 * carries PA bit 32 in bit 9 and ttbr = PA | upper_32_bits(PA).
 */
static void test_tables_above_4g(void **state)
{
	struct lab l;

	/* without TTBR_EXT the level-1 table does not fit in 32 bits */
	lab_boot(&l, SZ_4G, SZ_16M, MT8173_QUIRKS, 32, 33);
	assert_null(alloc_io_pgtable_ops(ARM_V7S, &l.cfg, &l));
	assert_int_equal(count_events(&l, "pgtable_error"), 1);
	assert_int_equal(allocated(&l), 0);
	/* with it, but oas 32: PA 4G is still past the output size */
	l.cfg.quirks |= IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT;
	l.cfg.oas = 32;
	assert_null(alloc_io_pgtable_ops(ARM_V7S, &l.cfg, &l));
	assert_int_equal(allocated(&l), 0);
	sim_free(l.sim);

	lab_boot(&l, SZ_4G, SZ_16M, MT8173_QUIRKS | IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT,
		 32, 35);
	lab_alloc(&l);
	/* 0x1_0000_0000: low word 0, upper word 1 */
	assert_int_equal(l.cfg.arm_v7s_cfg.ttbr, 0x00000001);
	assert_int_equal(map(&l, 0x5000, 0x100800000, SZ_4K, RW), 0);
	/* L2 at 0x1_0000_4000: 0x4000 | 0x1 | NS 0x8 | PA32 0x200 */
	assert_int_equal(rd(&l, SZ_4G), 0x00004209);
	/* slot 5: 0x00800000 | 0xc42 | 0x200 */
	assert_int_equal(rd(&l, SZ_4G + 0x4000 + 4 * 5), 0x00800e42);
	assert_int_equal(phys(&l, 0x5123), 0x100800123);
	lab_done(&l);
}

/*
 * -ERANGE (with the kernel's WARN) past ias/oas; -EINVAL without WARN when
 * prot has neither READ nor WRITE.  6.1 returns -EINVAL there (before
 * 5.x it returned 0 and mapped nothing); either way nothing is mapped.
 */
static void test_errors(void **state)
{
	size_t mapped = 0;
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(map(&l, 0x100000000, 0x40000000, SZ_4K, RW), -ERANGE);
	assert_int_equal(map(&l, 0x1000, 0x100000000, SZ_4K, RW), -ERANGE);
	assert_int_equal(warns(&l), 2);
	assert_int_equal(unmap(&l, 0x100000000, SZ_4K), 0);
	assert_int_equal(warns(&l), 3);
	assert_string_equal(sim_trace_get(l.sim, sim_trace_count(l.sim) - 1)->args,
			    "fmt=arm-v7s iova=0x100000000 msg=\"iova out of range\"");

	assert_int_equal(map(&l, 0x1000, 0x40000000, SZ_4K, 0), -EINVAL);
	assert_int_equal(map(&l, 0x1000, 0x40000000, SZ_4K,
			     IOMMU_CACHE | IOMMU_NOEXEC), -EINVAL);
	assert_int_equal(l.ops->map_pages(l.ops, 0x1000, 0x40000000, SZ_4K, 4,
					  IOMMU_PRIV, GFP_KERNEL, &mapped), -EINVAL);
	assert_int_equal(mapped, 0);
	assert_int_equal(warns(&l), 3);
	assert_int_equal(phys(&l, 0x1000), 0);
	assert_int_equal(allocated(&l), 0x4000);
	lab_done(&l);

	/* ias 34: 16384 level-1 slots (64 KiB); IOVA 0x3_0000_0000 is slot 0x3000 */
	lab_boot(&l, RAM_BASE, SZ_1G, MT8173_QUIRKS, 34, 32);
	lab_alloc(&l);
	assert_int_equal(allocated(&l), 0x10000);
	assert_int_equal(map(&l, 0x300000000, 0x40000000, SZ_1M, RW), 0);
	assert_int_equal(rd(&l, L1 + 4 * 0x3000), 0x40000000 | MTK_SECTION);
	assert_int_equal(phys(&l, 0x300012345), 0x40012345);
	assert_int_equal(map(&l, 0x400000000, 0x40000000, SZ_1M, RW), -ERANGE);
	lab_done(&l);
}

/*
 * ias 24: 16 level-1 slots (64 bytes), but 6.1 takes whole pages for level
 * 1 (__get_free_pages, order 0), so 0x1000 is allocated and the first
 * level-2 table follows at 0x40001000.
 */
static void test_small_ias(void **state)
{
	struct lab l;

	lab_boot(&l, RAM_BASE, SZ_1G, IO_PGTABLE_QUIRK_ARM_NS, 24, 32);
	lab_alloc(&l);
	assert_int_equal(allocated(&l), 0x1000);
	/*
	 * RW section with permissions: attr 0xc4 | AF 0x1 | UNPRIV 0x2 = 0xc7,
	 * << 10 = 0x31c00, | type 0x2 | NS 0x80000 = 0xb1c02; slot 15.
	 */
	assert_int_equal(map(&l, 0xf00000, 0x50000000, SZ_1M, RW), 0);
	assert_int_equal(rd(&l, L1 + 4 * 15), 0x500b1c02);
	assert_int_equal(map(&l, 0x1000000, 0x50000000, SZ_1M, RW), -ERANGE);
	assert_int_equal(map(&l, 0x1000, 0x50000000, SZ_4K, RW), 0);
	assert_int_equal(rd(&l, L1), 0x40001000 | NS_TABLE);
	assert_int_equal(allocated(&l), 0x1400);
	lab_done(&l);
}

/* -EEXIST (with a WARN) over any live leaf; a block over a table replaces it. */
static void test_eexist_and_replace(void **state)
{
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(map(&l, 0x1000, 0x50000000, SZ_4K, RW), 0);
	assert_int_equal(map(&l, 0x1000, 0x60000000, SZ_4K, RW), -EEXIST);
	assert_string_equal(sim_trace_get(l.sim, sim_trace_count(l.sim) - 1)->args,
			    "fmt=arm-v7s iova=0x1000 msg=\"map over an existing entry: unmap first\"");
	assert_int_equal(map(&l, 0x300000, 0x50000000, SZ_1M, RW), 0);
	/* a page inside a section: the section blocks the walk at level 1 */
	assert_int_equal(map(&l, 0x305000, 0x60000000, SZ_4K, RW), -EEXIST);
	assert_int_equal(map(&l, 0x300000, 0x60000000, SZ_1M, RW), -EEXIST);
	/* a large page over a small one */
	assert_int_equal(map(&l, 0x0, 0x60000000, SZ_64K, RW), -EEXIST);
	assert_int_equal(warns(&l), 4);
	assert_int_equal(phys(&l, 0x1000), 0x50000000);
	assert_int_equal(phys(&l, 0x305000), 0x50005000);
	assert_int_equal(allocated(&l), 0x4400);
	assert_int_equal(l.ncalls, 0);

	/* a section over the level-2 table: flush its walk, free it, map */
	assert_int_equal(map(&l, 0x0, 0x70000000, SZ_1M, RW), 0);
	assert_int_equal(l.ncalls, 1);
	assert_call(&l, 0, 'w', 0x0, SZ_1M, SZ_4K);
	assert_int_equal(rd(&l, L1), 0x70000000 | MTK_SECTION);
	assert_int_equal(phys(&l, 0x1000), 0x70001000);
	assert_int_equal(allocated(&l), 0x4000);
	assert_int_equal(warns(&l), 4);
	lab_done(&l);
}

/* Leaves go to tlb_add_page, one call per slot, unless the gather is queued. */
static void test_unmap_callbacks(void **state)
{
	struct iommu_iotlb_gather gather = { 0 };
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(map(&l, 0x1000, 0x50001000, SZ_4K, RW), 0);
	assert_int_equal(map(&l, 0x20000, 0x50020000, SZ_64K, RW), 0);
	assert_int_equal(map(&l, 0x300000, 0x50300000, SZ_1M, RW), 0);
	assert_int_equal(map(&l, 0x1000000, 0x51000000, SZ_16M, RW), 0);
	assert_int_equal(l.ncalls, 0);

	assert_int_equal(l.ops->unmap_pages(l.ops, 0x1000, SZ_4K, 1, &gather), SZ_4K);
	assert_int_equal(l.ncalls, 1);
	assert_call(&l, 0, 'p', 0x1000, SZ_4K, SZ_4K);
	assert_ptr_equal(l.calls[0].gather, &gather);

	/* a large page is 16 small-page slots: 16 calls */
	assert_int_equal(l.ops->unmap_pages(l.ops, 0x20000, SZ_64K, 1, &gather), SZ_64K);
	assert_int_equal(l.ncalls, 17);
	for (unsigned int i = 0; i < 16; i++)
		assert_call(&l, 1 + i, 'p', 0x20000 + i * SZ_4K, SZ_4K, SZ_4K);

	assert_int_equal(l.ops->unmap_pages(l.ops, 0x300000, SZ_1M, 1, &gather), SZ_1M);
	assert_call(&l, 17, 'p', 0x300000, SZ_1M, SZ_1M);

	/* a supersection: 16 section-sized calls */
	assert_int_equal(l.ops->unmap_pages(l.ops, 0x1000000, SZ_16M, 1, &gather), SZ_16M);
	assert_int_equal(l.ncalls, 34);
	for (unsigned int i = 0; i < 16; i++)
		assert_call(&l, 18 + i, 'p', 0x1000000 + i * SZ_1M, SZ_1M, SZ_1M);
	for (unsigned int i = 16; i <= 31; i++)
		assert_int_equal(rd(&l, L1 + 4 * i), 0);

	/* a flush queue will invalidate: no per-page calls */
	gather.queued = true;
	assert_int_equal(map(&l, 0x1000, 0x50001000, SZ_4K, RW), 0);
	assert_int_equal(l.ops->unmap_pages(l.ops, 0x1000, SZ_4K, 1, &gather), SZ_4K);
	assert_int_equal(l.ncalls, 34);
	assert_int_equal(phys(&l, 0x1000), 0);

	/* nothing there: 0 and a WARN, no callback */
	assert_int_equal(unmap(&l, 0x1000, SZ_4K), 0);
	assert_int_equal(unmap(&l, 0x700000, SZ_1M), 0);
	assert_int_equal(warns(&l), 2);
	assert_int_equal(l.ncalls, 34);

	/* the empty level-2 table stays until the whole table goes */
	assert_int_equal(allocated(&l), 0x4400);
	lab_done(&l);
}

/* 4K out of a 64K large page: 16 small pages, one hole. */
static void test_split_large_page(void **state)
{
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(map(&l, 0x10000, 0x23450000, SZ_64K, RW), 0);
	assert_int_equal(unmap(&l, 0x13000, SZ_4K), SZ_4K);
	/* split_cont flushes the whole large page's walk, then the page goes */
	assert_int_equal(l.ncalls, 2);
	assert_call(&l, 0, 'w', 0x13000, SZ_64K, SZ_64K);
	assert_call(&l, 1, 'p', 0x13000, SZ_4K, SZ_4K);
	/* slot 0x10 + i holds 0x23450000 + i * 0x1000 | 0xc42, slot 0x13 empty */
	assert_int_equal(rd(&l, L2_0 + 4 * 0x10), 0x23450c42);
	assert_int_equal(rd(&l, L2_0 + 4 * 0x12), 0x23452c42);
	assert_int_equal(rd(&l, L2_0 + 4 * 0x13), 0);
	assert_int_equal(rd(&l, L2_0 + 4 * 0x14), 0x23454c42);
	assert_int_equal(rd(&l, L2_0 + 4 * 0x1f), 0x2345fc42);
	assert_int_equal(phys(&l, 0x12abc), 0x23452abc);
	assert_int_equal(phys(&l, 0x13000), 0);
	assert_int_equal(phys(&l, 0x1ffff), 0x2345ffff);
	/* the hole can be mapped again, nothing else can */
	assert_int_equal(map(&l, 0x13000, 0x30000000, SZ_4K, RW), 0);
	assert_int_equal(map(&l, 0x14000, 0x30000000, SZ_4K, RW), -EEXIST);
	lab_done(&l);
}

/*
 * 4K out of a section: a new level-2 table maps the rest.  6.1's
 * arm_v7s_split_blk_unmap() builds those entries from the section's
 * attributes only and never adds the section's base, so slot i maps PA
 * i * 0x1000, not 0x34500000 + i * 0x1000.  Reproduced on purpose.  No
 * walk flush either: only the unmapped page is added to the gather.
 */
static void test_split_section(void **state)
{
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(map(&l, 0x300000, 0x34500000, SZ_1M, RW), 0);
	assert_int_equal(unmap(&l, 0x305000, SZ_4K), SZ_4K);
	assert_int_equal(l.ncalls, 1);
	assert_call(&l, 0, 'p', 0x305000, SZ_4K, SZ_4K);
	assert_int_equal(rd(&l, L1 + 4 * 3), L2_0 | NS_TABLE);
	assert_int_equal(rd(&l, L2_0 + 4 * 0), 0x00000c42);
	assert_int_equal(rd(&l, L2_0 + 4 * 4), 0x00004c42);
	assert_int_equal(rd(&l, L2_0 + 4 * 5), 0);
	assert_int_equal(rd(&l, L2_0 + 4 * 0xff), 0x000ffc42);
	assert_int_equal(phys(&l, 0x304010), 0x4010);
	assert_int_equal(phys(&l, 0x305000), 0);
	assert_int_equal(allocated(&l), 0x4400);

	/* 64K out of a section: the rest as large pages, 0x1c01 + 0x10000 steps */
	assert_int_equal(map(&l, 0x500000, 0x34500000, SZ_1M, RW), 0);
	assert_int_equal(unmap(&l, 0x520000, SZ_64K), SZ_64K);
	assert_call(&l, 1, 'p', 0x520000, SZ_64K, SZ_64K);
	assert_int_equal(rd(&l, L1 + 4 * 5), L2_1 | NS_TABLE);
	assert_int_equal(rd(&l, L2_1 + 4 * 0x0f), 0x00001c01);
	assert_int_equal(rd(&l, L2_1 + 4 * 0x10), 0x00011c01);
	assert_int_equal(rd(&l, L2_1 + 4 * 0x20), 0);
	assert_int_equal(rd(&l, L2_1 + 4 * 0x2f), 0);
	assert_int_equal(rd(&l, L2_1 + 4 * 0x30), 0x00031c01);
	assert_int_equal(phys(&l, 0x531234), 0x31234);
	assert_int_equal(warns(&l), 0);
	lab_done(&l);
}

/* 1M out of a supersection: 16 sections, one hole; the bases are right. */
static void test_split_supersection(void **state)
{
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(map(&l, 0x1000000, 0x45000000, SZ_16M, RW), 0);
	assert_int_equal(unmap(&l, 0x1200000, SZ_1M), SZ_1M);
	assert_int_equal(l.ncalls, 2);
	assert_call(&l, 0, 'w', 0x1200000, SZ_16M, SZ_16M);
	assert_call(&l, 1, 'p', 0x1200000, SZ_1M, SZ_1M);
	/* slot 16 + i: 0x45000000 + i * 0x100000 | 0xb1002 */
	assert_int_equal(rd(&l, L1 + 4 * 16), 0x450b1002);
	assert_int_equal(rd(&l, L1 + 4 * 17), 0x451b1002);
	assert_int_equal(rd(&l, L1 + 4 * 18), 0);
	assert_int_equal(rd(&l, L1 + 4 * 31), 0x45fb1002);
	assert_int_equal(phys(&l, 0x1312345), 0x45312345);
	assert_int_equal(phys(&l, 0x1200000), 0);

	/* 4K in the first MiB of a supersection: split twice */
	assert_int_equal(map(&l, 0x2000000, 0x46000000, SZ_16M, RW), 0);
	assert_int_equal(unmap(&l, 0x2001000, SZ_4K), SZ_4K);
	assert_int_equal(l.ncalls, 4);
	assert_call(&l, 2, 'w', 0x2001000, SZ_16M, SZ_16M);
	assert_call(&l, 3, 'p', 0x2001000, SZ_4K, SZ_4K);
	assert_int_equal(rd(&l, L1 + 4 * 32), L2_0 | NS_TABLE);
	assert_int_equal(rd(&l, L1 + 4 * 33), 0x461b1002);
	assert_int_equal(phys(&l, 0x2100042), 0x46100042);
	assert_int_equal(phys(&l, 0x2002000), 0x2000);	/* the section split above */
	assert_int_equal(warns(&l), 0);
	lab_done(&l);
}

/*
 * 4K in a supersection outside its first MiB: 6.1 splits it into 16
 * sections, then compares the slot against the first section's value,
 * which differs by 1 MiB, so the table is not installed and 0 comes back.
 * The simulator warns; the page stays mapped, the table is given back.
 */
static void test_split_supersection_fails(void **state)
{
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(map(&l, 0x3000000, 0x47000000, SZ_16M, RW), 0);
	assert_int_equal(unmap(&l, 0x3101000, SZ_4K), 0);
	assert_int_equal(warns(&l), 1);
	assert_int_equal(l.ncalls, 1);
	assert_call(&l, 0, 'w', 0x3101000, SZ_16M, SZ_16M);
	assert_int_equal(rd(&l, L1 + 4 * 48), 0x470b1002);
	assert_int_equal(rd(&l, L1 + 4 * 49), 0x471b1002);
	assert_int_equal(phys(&l, 0x3101000), 0x47101000);
	assert_int_equal(allocated(&l), 0x4000);
	lab_done(&l);
}

/* pgcount: *mapped grows page by page (6.1 adds to it) and stops at a failure. */
static void test_map_unmap_pages(void **state)
{
	size_t mapped = 0;
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(l.ops->map_pages(l.ops, 0x100000, 0x50000000, SZ_4K, 8,
					  RW, GFP_KERNEL, &mapped), 0);
	assert_int_equal(mapped, 8 * SZ_4K);
	assert_int_equal(rd(&l, L2_0 + 4 * 0), 0x50000c42);
	assert_int_equal(rd(&l, L2_0 + 4 * 7), 0x50007c42);
	assert_int_equal(rd(&l, L2_0 + 4 * 8), 0);

	/* 0xfc000..0xff000 fit below, 0x100000 is taken */
	mapped = 0x1000;
	assert_int_equal(l.ops->map_pages(l.ops, 0xfc000, 0x60000000, SZ_4K, 8,
					  RW, GFP_KERNEL, &mapped), -EEXIST);
	assert_int_equal(mapped, 0x1000 + 4 * SZ_4K);
	assert_int_equal(phys(&l, 0xff000), 0x60003000);

	/* 12 pages are mapped from 0xfc000, the 13th is not */
	assert_int_equal(l.ops->unmap_pages(l.ops, 0xfc000, SZ_4K, 16, NULL),
			 12 * SZ_4K);
	assert_int_equal(warns(&l), 2);
	assert_int_equal(l.ncalls, 12);

	mapped = 0;
	assert_int_equal(l.ops->map_pages(l.ops, 0x400000, 0x50000000, SZ_64K, 2,
					  RW, GFP_KERNEL, &mapped), 0);
	assert_int_equal(mapped, 2 * SZ_64K);
	assert_int_equal(phys(&l, 0x41fff0), 0x5001fff0);
	assert_int_equal(l.ops->map_pages(l.ops, 0x2000000, 0x50000000, SZ_1M, 3,
					  RW, GFP_KERNEL, NULL), 0);
	assert_int_equal(phys(&l, 0x2200000), 0x50200000);
	assert_int_equal(l.ops->unmap_pages(l.ops, 0x2000000, SZ_1M, 3, NULL), 3 * SZ_1M);
	lab_done(&l);
}

/*
 * The descriptors are read from simulated memory every time, whatever
 * the page table remembers of where its table pages are: 40 level-2
 * tables (ten 4 KiB pages of them, more than it remembers) filled in two
 * passes, the second in reverse order; then descriptors changed behind
 * its back.  MiB k's table is the k-th allocated, L2_0 + k * 0x400; its
 * page j maps 0x50000000 + k MiB + j * 4 KiB, descriptor PA | 0xc42.
 */
#define NTABLES		40
static void test_descriptors_read_from_memory(void **state)
{
	struct lab l;

	lab_mt8173(&l, 32);
	for (u64 k = 0; k < NTABLES; k++)
		assert_int_equal(map(&l, k * SZ_1M, 0x50000000 + k * SZ_1M, SZ_4K, RW), 0);
	for (u64 k = NTABLES; k-- > 0;)
		assert_int_equal(map(&l, k * SZ_1M + SZ_4K, 0x50000000 + k * SZ_1M + SZ_4K,
				     SZ_4K, RW), 0);
	assert_int_equal(allocated(&l), 0x4000 + NTABLES * 0x400);
	for (u64 k = 0; k < NTABLES; k++) {
		assert_int_equal(rd(&l, L1 + 4 * k), (L2_0 + k * 0x400) | NS_TABLE);
		assert_int_equal(rd(&l, L2_0 + k * 0x400), (0x50000000 + k * SZ_1M) | MTK_SMALL);
		assert_int_equal(rd(&l, L2_0 + k * 0x400 + 4),
				 (0x50000000 + k * SZ_1M + SZ_4K) | MTK_SMALL);
		assert_int_equal(phys(&l, k * SZ_1M + SZ_4K + 0x123),
				 0x50000000 + k * SZ_1M + SZ_4K + 0x123);
	}

	/* MiB 7's second page rewritten to 0x60000000 */
	sim_mem_write32(l.sim->mem, L2_0 + 7 * 0x400 + 4, 0x60000000 | MTK_SMALL);
	assert_int_equal(phys(&l, 7 * SZ_1M + SZ_4K + 0x123), 0x60000123);
	/*
	 * MiB 7's level-1 entry cleared: nothing mapped there, and a map
	 * makes a new table after the 40, at L2_0 + 40 * 0x400 = 0x4000e000
	 * (the old one is still allocated: the page table lost it).
	 */
	sim_mem_write32(l.sim->mem, L1 + 4 * 7, 0);
	assert_int_equal(phys(&l, 7 * SZ_1M), 0);
	assert_int_equal(map(&l, 7 * SZ_1M, 0x70000000, SZ_4K, RW), 0);
	assert_int_equal(rd(&l, L1 + 4 * 7), 0x4000e000 | NS_TABLE);
	assert_int_equal(rd(&l, 0x4000e000), 0x70000000 | MTK_SMALL);
	assert_int_equal(sim_mem_release(l.sim->mem, L2_0 + 7 * 0x400, 0x400), 0);
	lab_done(&l);
}

/* Level-2 tables: one per MiB touched, kept when empty, freed with a 1M unmap. */
static void test_table_accounting(void **state)
{
	struct lab l;

	lab_boot(&l, RAM_BASE, SZ_1G, MT8173_QUIRKS, 32, 32);
	assert_int_equal(allocated(&l), 0);
	lab_alloc(&l);
	assert_int_equal(allocated(&l), 0x4000);
	assert_int_equal(map(&l, 0x000000, 0x50000000, SZ_4K, RW), 0);
	assert_int_equal(map(&l, 0x100000, 0x50000000, SZ_4K, RW), 0);
	assert_int_equal(map(&l, 0x200000, 0x50000000, SZ_4K, RW), 0);
	assert_int_equal(allocated(&l), 0x4000 + 3 * 0x400);
	assert_int_equal(map(&l, 0x001000, 0x50000000, SZ_4K, RW), 0);
	assert_int_equal(allocated(&l), 0x4c00);

	assert_int_equal(unmap(&l, 0x000000, SZ_4K), SZ_4K);
	assert_int_equal(unmap(&l, 0x001000, SZ_4K), SZ_4K);
	assert_int_equal(unmap(&l, 0x100000, SZ_4K), SZ_4K);
	assert_int_equal(unmap(&l, 0x200000, SZ_4K), SZ_4K);
	assert_int_equal(allocated(&l), 0x4c00);

	/* a section over an (empty) table frees it */
	l.ncalls = 0;
	assert_int_equal(map(&l, 0x200000, 0x50000000, SZ_1M, RW), 0);
	assert_int_equal(allocated(&l), 0x4800);
	/* so does unmapping 1M where a table is */
	assert_int_equal(unmap(&l, 0x100000, SZ_1M), SZ_1M);
	assert_int_equal(allocated(&l), 0x4400);
	assert_int_equal(l.ncalls, 2);
	assert_call(&l, 0, 'w', 0x200000, SZ_1M, SZ_4K);
	assert_call(&l, 1, 'w', 0x100000, SZ_1M, SZ_4K);
	assert_int_equal(rd(&l, L1 + 4), 0);

	/* the freed slot of simulated memory is reused, lowest first */
	assert_int_equal(map(&l, 0x700000, 0x50000000, SZ_4K, RW), 0);
	assert_int_equal(rd(&l, L1 + 4 * 7), L2_1 | NS_TABLE);
	lab_done(&l);
}

/* Out of simulated RAM: -ENOMEM for a table, 0 for a split; nothing half done. */
static void test_out_of_memory(void **state)
{
	size_t mapped = 0;
	struct lab l;

	lab_boot(&l, RAM_BASE, 0x4000, MT8173_QUIRKS, 32, 32);
	lab_alloc(&l);
	assert_int_equal(l.ops->map_pages(l.ops, 0x1000, 0x50000000, SZ_4K, 1, RW,
					  GFP_KERNEL, &mapped), -ENOMEM);
	assert_int_equal(mapped, 0);
	assert_int_equal(rd(&l, L1), 0);
	assert_int_equal(map(&l, 0x100000, 0x50000000, SZ_1M, RW), 0);
	assert_int_equal(unmap(&l, 0x101000, SZ_4K), 0);
	assert_int_equal(warns(&l), 1);
	assert_int_equal(phys(&l, 0x101000), 0x50001000);
	lab_done(&l);

	lab_boot(&l, RAM_BASE, 0x2000, MT8173_QUIRKS, 32, 32);
	assert_null(alloc_io_pgtable_ops(ARM_V7S, &l.cfg, &l));
	sim_free(l.sim);
}

/*
 * Departure from 6.1, which trusts the IOMMU core: a size that is not one
 * of the format's or an address not aligned to it is refused with a WARN
 * (the kernel would write past a table).
 */
static void test_bad_size_or_alignment(void **state)
{
	struct lab l;

	lab_mt8173(&l, 32);
	assert_int_equal(map(&l, 0x0, 0x50000000, SZ_4K * 2, RW), -EINVAL);
	assert_int_equal(map(&l, 0x0, 0x50000000, SZ_16M * 2, RW), -EINVAL);
	assert_int_equal(map(&l, 0x1000, 0x50000000, SZ_64K, RW), -EINVAL);
	assert_int_equal(map(&l, 0x0, 0x50001000, SZ_64K, RW), -EINVAL);
	assert_int_equal(unmap(&l, 0x0, SZ_16M * 2), 0);
	assert_int_equal(unmap(&l, 0xff000, SZ_64K), 0);
	assert_int_equal(warns(&l), 6);
	assert_int_equal(allocated(&l), 0x4000);
	assert_int_equal(l.ncalls, 0);
	lab_done(&l);
}

/* Without cfg->tlb, every callback is skipped (io_pgtable_tlb_*() in 6.1). */
static void test_no_tlb_ops(void **state)
{
	struct lab l;

	lab_boot(&l, RAM_BASE, SZ_1G, MT8173_QUIRKS, 32, 32);
	l.cfg.tlb = NULL;
	lab_alloc(&l);
	assert_int_equal(map(&l, 0x10000, 0x50000000, SZ_64K, RW), 0);
	assert_int_equal(unmap(&l, 0x11000, SZ_4K), SZ_4K);
	assert_int_equal(map(&l, 0x0, 0x50000000, SZ_1M, RW), 0);
	free_io_pgtable_ops(l.ops);
	assert_int_equal(l.flush_all + l.ncalls, 0);
	assert_int_equal(allocated(&l), 0);
	sim_free(l.sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mt8173_cfg),
		cmocka_unit_test(test_ttbr_attributes),
		cmocka_unit_test(test_bad_cfg),
		cmocka_unit_test(test_kernel_selftest),
		cmocka_unit_test(test_mt8173_descriptors),
		cmocka_unit_test(test_descriptors_with_permissions),
		cmocka_unit_test(test_mtk_pa_above_4g),
		cmocka_unit_test(test_tables_above_4g),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_small_ias),
		cmocka_unit_test(test_eexist_and_replace),
		cmocka_unit_test(test_unmap_callbacks),
		cmocka_unit_test(test_split_large_page),
		cmocka_unit_test(test_split_section),
		cmocka_unit_test(test_split_supersection),
		cmocka_unit_test(test_split_supersection_fails),
		cmocka_unit_test(test_map_unmap_pages),
		cmocka_unit_test(test_descriptors_read_from_memory),
		cmocka_unit_test(test_table_accounting),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_bad_size_or_alignment),
		cmocka_unit_test(test_no_tlb_ops),
	};

	return unit_run("v7s", tests, ARRAY_SIZE(tests));
}
