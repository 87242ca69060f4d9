/*
 * Simulated physical memory (sim/include/sim/mem.h): sparse reads and
 * writes, little-endian accessors, pages above 1 TiB, and the first-fit
 * allocator's contract: alignment, lowest address first, reuse after
 * release, freed neighbours joined within a RAM range, zero fill,
 * accounting, and its errors.
 */
#include <string.h>

#include <sim/errno.h>
#include <sim/mem.h>
#include <sim/types.h>

#include "unit.h"

static struct sim_mem *mem_with_ram(phys_addr_t base, u64 size)
{
	struct sim_mem *mem = sim_mem_new();

	assert_non_null(mem);
	assert_int_equal(sim_mem_add_ram(mem, base, size), 0);
	return mem;
}

static phys_addr_t alloc_ok(struct sim_mem *mem, u64 size, u64 align)
{
	phys_addr_t pa = ~0ULL;

	assert_int_equal(sim_mem_alloc(mem, size, align, &pa), 0);
	return pa;
}

static bool all_zero(struct sim_mem *mem, phys_addr_t pa, size_t len)
{
	u8 buf[256];

	while (len) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);

		sim_mem_read(mem, pa, buf, n);
		for (size_t i = 0; i < n; i++)
			if (buf[i])
				return false;
		pa += n;
		len -= n;
	}
	return true;
}

/* Memory nobody wrote reads as zero, RAM or not, anywhere. */
static void test_untouched_reads_zero(void **state)
{
	struct sim_mem *mem = sim_mem_new();
	u8 buf[10000];

	assert_int_equal(sim_mem_read32(mem, 0), 0);
	assert_int_equal(sim_mem_read32(mem, 0x40000000), 0);
	assert_int_equal(sim_mem_read64(mem, 0xfffffffffffff000ULL), 0);
	memset(buf, 0xa5, sizeof(buf));
	sim_mem_read(mem, 0x12345, buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	/* a write elsewhere does not show up here */
	sim_mem_write32(mem, 0x5000, 0xffffffff);
	assert_int_equal(sim_mem_read32(mem, 0x4ffc), 0);
	assert_int_equal(sim_mem_read32(mem, 0x5004), 0);
	assert_int_equal(sim_mem_allocated(mem), 0);
	sim_mem_free(mem);
}

/* Least significant byte at the lowest address, for 32 and 64 bits. */
static void test_little_endian(void **state)
{
	static const u8 le32[] = { 0x44, 0x33, 0x22, 0x11 };
	static const u8 le64[] = { 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01 };
	struct sim_mem *mem = sim_mem_new();
	u8 buf[8];

	sim_mem_write32(mem, 0x1000, 0x11223344);
	sim_mem_read(mem, 0x1000, buf, 4);
	assert_memory_equal(buf, le32, 4);
	assert_int_equal(sim_mem_read32(mem, 0x1000), 0x11223344);

	sim_mem_write64(mem, 0x2000, 0x0102030405060708ULL);
	sim_mem_read(mem, 0x2000, buf, 8);
	assert_memory_equal(buf, le64, 8);
	assert_int_equal(sim_mem_read32(mem, 0x2000), 0x05060708);
	assert_int_equal(sim_mem_read32(mem, 0x2004), 0x01020304);
	assert_int_equal(sim_mem_read64(mem, 0x2000), 0x0102030405060708ULL);

	/* bytes in, words out; top bit survives */
	sim_mem_write(mem, 0x3000, le64, 8);
	assert_int_equal(sim_mem_read64(mem, 0x3000), 0x0102030405060708ULL);
	sim_mem_write32(mem, 0x3000, 0x80000001);
	assert_int_equal(sim_mem_read32(mem, 0x3000), 0x80000001);
	assert_int_equal(sim_mem_read64(mem, 0x3000), 0x0102030480000001ULL);
	sim_mem_write64(mem, 0x3008, 0x8000000000000000ULL);
	assert_int_equal(sim_mem_read64(mem, 0x3008), 0x8000000000000000ULL);
	sim_mem_free(mem);
}

/* Accesses that straddle 4 KiB page boundaries. */
static void test_cross_page(void **state)
{
	static const u8 want[] = { 0xdd, 0xcc, 0xbb, 0xaa };
	struct sim_mem *mem = sim_mem_new();
	u8 in[0x2020], out[0x2020 + 2];

	/* 0x1ffe..0x2001 */
	sim_mem_write32(mem, 0x1ffe, 0xaabbccdd);
	assert_int_equal(sim_mem_read32(mem, 0x1ffe), 0xaabbccdd);
	sim_mem_read(mem, 0x1ffe, out, 4);
	assert_memory_equal(out, want, 4);
	assert_int_equal(sim_mem_read32(mem, 0x1ffc), 0xccdd0000);
	assert_int_equal(sim_mem_read32(mem, 0x2000), 0x0000aabb);

	sim_mem_write64(mem, 0x2ffc, 0x1122334455667788ULL);
	assert_int_equal(sim_mem_read32(mem, 0x2ffc), 0x55667788);
	assert_int_equal(sim_mem_read32(mem, 0x3000), 0x11223344);
	assert_int_equal(sim_mem_read64(mem, 0x2ffc), 0x1122334455667788ULL);

	/* three pages from 0x10ff0 to 0x13010 */
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (u8)(i * 7 + 1);
	sim_mem_write(mem, 0x10ff0, in, sizeof(in));
	sim_mem_read(mem, 0x10fef, out, sizeof(out));
	assert_int_equal(out[0], 0);
	assert_memory_equal(out + 1, in, sizeof(in));
	assert_int_equal(out[sizeof(out) - 1], 0);
	sim_mem_free(mem);
}

static void test_add_ram_errors(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x40000000, 0x100000);

	assert_int_equal(sim_mem_add_ram(mem, 0x80000000, 0), -EINVAL);
	assert_int_equal(sim_mem_add_ram(mem, 0x40000000, 0x100000), -EINVAL);
	assert_int_equal(sim_mem_add_ram(mem, 0x3ff00000, 0x100001), -EINVAL);
	assert_int_equal(sim_mem_add_ram(mem, 0x400fffff, 0x10), -EINVAL);
	assert_int_equal(sim_mem_add_ram(mem, 0x40001000, 0x1000), -EINVAL);
	assert_int_equal(sim_mem_add_ram(mem, 0x3f000000, 0x2000000), -EINVAL);
	assert_int_equal(sim_mem_add_ram(mem, 0xfffffffffffff000ULL, 0x2000), -EINVAL);
	/* touching is not overlapping */
	assert_int_equal(sim_mem_add_ram(mem, 0x3ff00000, 0x100000), 0);
	assert_int_equal(sim_mem_add_ram(mem, 0x40100000, 0x100000), 0);
	assert_int_equal(sim_mem_allocated(mem), 0);
	sim_mem_free(mem);
}

static void test_alloc_errors(void **state)
{
	struct sim_mem *mem = sim_mem_new();
	phys_addr_t pa, a;

	/* no RAM at all */
	assert_int_equal(sim_mem_alloc(mem, 0x1000, 0x1000, &pa), -ENOMEM);
	assert_int_equal(sim_mem_add_ram(mem, 0x40000000, 0x10000), 0);

	assert_int_equal(sim_mem_alloc(mem, 0, 4, &pa), -EINVAL);
	assert_int_equal(sim_mem_alloc(mem, 0x10, 0, &pa), -EINVAL);
	assert_int_equal(sim_mem_alloc(mem, 0x10, 1, &pa), -EINVAL);
	assert_int_equal(sim_mem_alloc(mem, 0x10, 2, &pa), -EINVAL);
	assert_int_equal(sim_mem_alloc(mem, 0x10, 6, &pa), -EINVAL);
	assert_int_equal(sim_mem_alloc(mem, 0x10, 0x3000, &pa), -EINVAL);
	assert_int_equal(sim_mem_alloc(mem, 0x10001, 4, &pa), -ENOMEM);
	/* 64 KiB alignment: only 0x40000000 qualifies, and 0x20000 does not fit */
	assert_int_equal(sim_mem_alloc(mem, 0x20000, 0x10000, &pa), -ENOMEM);
	assert_int_equal(sim_mem_allocated(mem), 0);

	a = alloc_ok(mem, 0x1000, 0x1000);
	assert_int_equal(sim_mem_release(mem, a, 0x800), -EINVAL);
	assert_int_equal(sim_mem_release(mem, a + 0x800, 0x800), -EINVAL);
	assert_int_equal(sim_mem_release(mem, 0x50000000, 0x1000), -EINVAL);
	assert_int_equal(sim_mem_allocated(mem), 0x1000);
	assert_int_equal(sim_mem_release(mem, a, 0x1000), 0);
	assert_int_equal(sim_mem_release(mem, a, 0x1000), -EINVAL);
	assert_int_equal(sim_mem_allocated(mem), 0);
	sim_mem_free(mem);
}

/*
 * First fit from the bottom, each block at the lowest address that is
 * aligned and free.  RAM [0x40000000, +1 MiB).
 */
static void test_alignment_and_lowest_first(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x40000000, 0x100000);

	assert_int_equal(alloc_ok(mem, 0x400, 0x400), 0x40000000);
	assert_int_equal(alloc_ok(mem, 0x10, 4), 0x40000400);
	/* next 16 KiB boundary after 0x40000410 */
	assert_int_equal(alloc_ok(mem, 0x4000, 0x4000), 0x40004000);
	/* the hole below it: 0x40000410 rounded up to 1 KiB */
	assert_int_equal(alloc_ok(mem, 0x400, 0x400), 0x40000800);
	/* 0x40000c00 rounded to 4 KiB is 0x40001000; 0x3000 ends at 0x40004000 */
	assert_int_equal(alloc_ok(mem, 0x3000, 0x1000), 0x40001000);
	/* 4-byte alignment takes the 0x3f0 bytes after the 0x10 block */
	assert_int_equal(alloc_ok(mem, 0x3f0, 4), 0x40000410);
	assert_int_equal(alloc_ok(mem, 0x4, 4), 0x40000c00);
	/* 0x400 + 0x10 + 0x4000 + 0x400 + 0x3000 + 0x3f0 + 0x4 */
	assert_int_equal(sim_mem_allocated(mem), 0x7c04);
	sim_mem_free(mem);

	/* RAM that starts unaligned */
	mem = mem_with_ram(0x1234, 0x10000);
	assert_int_equal(alloc_ok(mem, 0x100, 0x1000), 0x2000);
	assert_int_equal(alloc_ok(mem, 0x100, 4), 0x1234);
	assert_int_equal(alloc_ok(mem, 0x8000, 0x8000), 0x8000);
	/* 0x1234 + 0x10000 = 0x11234: no 0x8000-aligned room left for 0x8000 */
	assert_int_equal(sim_mem_alloc(mem, 0x8000, 0x8000, &(phys_addr_t){ 0 }), -ENOMEM);
	sim_mem_free(mem);
}

/* Ranges are used lowest first, whatever order they were declared in. */
static void test_multiple_ranges(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x80000000, 0x10000);
	phys_addr_t a;

	assert_int_equal(sim_mem_add_ram(mem, 0x40000000, 0x2000), 0);
	a = alloc_ok(mem, 0x2000, 0x1000);
	assert_int_equal(a, 0x40000000);
	assert_int_equal(alloc_ok(mem, 0x1000, 0x1000), 0x80000000);
	/* a block never spans two ranges */
	assert_int_equal(alloc_ok(mem, 0x4000, 4), 0x80001000);
	assert_int_equal(sim_mem_release(mem, a, 0x2000), 0);
	assert_int_equal(alloc_ok(mem, 0x1000, 0x1000), 0x40000000);
	assert_int_equal(sim_mem_allocated(mem), 0x6000);
	sim_mem_free(mem);
}

/* A released block is handed out again, and reads as zero. */
static void test_reuse_and_zero_fill(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x40000000, 0x100000);
	phys_addr_t a, b, c;
	u8 junk[0x2000];

	a = alloc_ok(mem, 0x1000, 0x1000);
	b = alloc_ok(mem, 0x2000, 0x1000);
	c = alloc_ok(mem, 0x1000, 0x1000);
	assert_int_equal(b, 0x40001000);
	assert_int_equal(c, 0x40003000);
	assert_true(all_zero(mem, a, 0x4000));

	memset(junk, 0x5a, sizeof(junk));
	sim_mem_write(mem, b, junk, sizeof(junk));
	assert_false(all_zero(mem, b, 0x2000));
	assert_int_equal(sim_mem_release(mem, b, 0x2000), 0);
	assert_int_equal(sim_mem_allocated(mem), 0x2000);

	/* the hole is the lowest fit again, and comes back zeroed */
	assert_int_equal(alloc_ok(mem, 0x2000, 0x1000), b);
	assert_true(all_zero(mem, b, 0x2000));
	assert_int_equal(sim_mem_read32(mem, a), 0);

	/* a smaller, unaligned reuse is zeroed over its own bytes */
	sim_mem_write(mem, b, junk, sizeof(junk));
	assert_int_equal(sim_mem_release(mem, b, 0x2000), 0);
	assert_int_equal(alloc_ok(mem, 0x22, 4), b);
	assert_true(all_zero(mem, b, 0x22));
	assert_int_equal(alloc_ok(mem, 0x10, 4), b + 0x24);
	assert_true(all_zero(mem, b + 0x24, 0x10));
	assert_int_equal(sim_mem_allocated(mem), 0x2000 + 0x22 + 0x10);
	sim_mem_free(mem);
}

/* Exactly full, then -ENOMEM, then room again after a release. */
static void test_exhaustion(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x40000000, 0x4000);
	phys_addr_t pa;

	assert_int_equal(alloc_ok(mem, 0x4000, 0x4000), 0x40000000);
	assert_int_equal(sim_mem_alloc(mem, 4, 4, &pa), -ENOMEM);
	assert_int_equal(sim_mem_allocated(mem), 0x4000);
	assert_int_equal(sim_mem_release(mem, 0x40000000, 0x4000), 0);
	assert_int_equal(alloc_ok(mem, 4, 4), 0x40000000);
	sim_mem_free(mem);
}

/*
 * Sizes and alignments whose arithmetic wraps past 2^64 must not succeed.
 */
static void test_no_wraparound(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x40000000, 0x100000);
	phys_addr_t a, pa;

	/* a hole below an allocation: at + size wraps to below the next block */
	a = alloc_ok(mem, 0x1000, 0x1000);
	alloc_ok(mem, 0x1000, 0x1000);
	assert_int_equal(sim_mem_release(mem, a, 0x1000), 0);
	assert_int_equal(sim_mem_alloc(mem, 0xfffffffffffff000ULL, 0x1000, &pa), -ENOMEM);
	assert_int_equal(sim_mem_alloc(mem, ~0ULL, 4, &pa), -ENOMEM);
	assert_int_equal(sim_mem_allocated(mem), 0x1000);
	sim_mem_free(mem);

	/* RAM at the very top: rounding up to the alignment wraps to 0 */
	mem = mem_with_ram(0xffffffffffff0000ULL, 0x8000);
	assert_int_equal(sim_mem_alloc(mem, 0x1000, 0x20000, &pa), -ENOMEM);
	assert_int_equal(alloc_ok(mem, 0x1000, 0x1000), 0xffffffffffff0000ULL);
	assert_int_equal(sim_mem_alloc(mem, 0x1000, 0x20000, &pa), -ENOMEM);
	assert_int_equal(sim_mem_allocated(mem), 0x1000);
	sim_mem_free(mem);
}

/*
 * Pages above 1 TiB and a word that straddles it: the two places a page
 * can be kept meet there.  Far pages beyond what one table level holds.
 */
static void test_far_pages(void **state)
{
	struct sim_mem *mem = sim_mem_new();
	const phys_addr_t tib = 1ULL << 40;

	/* 0xffffffffffe..0x10000000001: two bytes each side of 1 TiB */
	sim_mem_write32(mem, tib - 2, 0x11223344);
	assert_int_equal(sim_mem_read32(mem, tib - 4), 0x33440000);
	assert_int_equal(sim_mem_read32(mem, tib), 0x00001122);
	assert_int_equal(sim_mem_read32(mem, tib - 2), 0x11223344);
	/* 200 far pages, each with its own number at offset 8 */
	for (u64 i = 0; i < 200; i++)
		sim_mem_write64(mem, tib + (i << 24) + 8, i + 1);
	for (u64 i = 0; i < 200; i++) {
		assert_int_equal(sim_mem_read64(mem, tib + (i << 24) + 8), i + 1);
		assert_int_equal(sim_mem_read32(mem, tib + (i << 24) + 0x1000), 0);
	}
	assert_int_equal(sim_mem_read64(mem, 0xfffffffffffff000ULL), 0);
	sim_mem_write64(mem, 0xfffffffffffffff8ULL, 0x0102030405060708ULL);
	assert_int_equal(sim_mem_read64(mem, 0xfffffffffffffff8ULL), 0x0102030405060708ULL);
	/* a reset forgets them all */
	sim_mem_reset(mem);
	assert_int_equal(sim_mem_read32(mem, tib - 2), 0);
	assert_int_equal(sim_mem_read64(mem, tib + 8), 0);
	assert_int_equal(sim_mem_read64(mem, 0xfffffffffffffff8ULL), 0);
	sim_mem_free(mem);
}

/*
 * Given back blocks join the free RAM beside them, whichever is given
 * back first.  RAM [0x40000000, +0x10000) cut into sixteen 4 KiB blocks.
 */
static void test_released_neighbours_join(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x40000000, 0x10000);
	phys_addr_t pa;

	for (u64 i = 0; i < 16; i++)
		assert_int_equal(alloc_ok(mem, 0x1000, 0x1000), 0x40000000 + i * 0x1000);
	assert_int_equal(sim_mem_alloc(mem, 4, 4, &pa), -ENOMEM);

	/* 0x3000 and 0x5000 first, then 0x4000 between them: one hole 0x3000-0x6000 */
	assert_int_equal(sim_mem_release(mem, 0x40003000, 0x1000), 0);
	assert_int_equal(sim_mem_release(mem, 0x40005000, 0x1000), 0);
	assert_int_equal(sim_mem_alloc(mem, 0x2000, 4, &pa), -ENOMEM);
	assert_int_equal(sim_mem_release(mem, 0x40004000, 0x1000), 0);
	assert_true(sim_mem_is_free_ram(mem, 0x40003000));
	assert_true(sim_mem_is_free_ram(mem, 0x40005fff));
	assert_false(sim_mem_is_free_ram(mem, 0x40006000));
	assert_false(sim_mem_is_free_ram(mem, 0x40002fff));
	assert_int_equal(alloc_ok(mem, 0x3000, 4), 0x40003000);

	/* the block above a hole, then the one below: 0x8000-0xb000 */
	assert_int_equal(sim_mem_release(mem, 0x40009000, 0x1000), 0);
	assert_int_equal(sim_mem_release(mem, 0x4000a000, 0x1000), 0);
	assert_int_equal(sim_mem_release(mem, 0x40008000, 0x1000), 0);
	/* 0x8000 is 32 KiB aligned but 0x3000 of room is not 0x4000 */
	assert_int_equal(sim_mem_alloc(mem, 0x4000, 4, &pa), -ENOMEM);
	assert_int_equal(alloc_ok(mem, 0x3000, 0x8000), 0x40008000);

	/* the last block, at the end of RAM, joins the one below it */
	assert_int_equal(sim_mem_release(mem, 0x4000f000, 0x1000), 0);
	assert_int_equal(sim_mem_release(mem, 0x4000e000, 0x1000), 0);
	assert_int_equal(alloc_ok(mem, 0x2000, 0x2000), 0x4000e000);
	assert_int_equal(sim_mem_allocated(mem), 0x10000);
	sim_mem_free(mem);
}

/* Ranges that touch stay two: freed blocks on either side do not join. */
static void test_touching_ranges_stay_apart(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x40001000, 0x1000);
	phys_addr_t pa;

	assert_int_equal(sim_mem_add_ram(mem, 0x40000000, 0x1000), 0);
	assert_int_equal(alloc_ok(mem, 0x1000, 4), 0x40000000);
	assert_int_equal(alloc_ok(mem, 0x1000, 4), 0x40001000);
	assert_int_equal(sim_mem_release(mem, 0x40001000, 0x1000), 0);
	assert_int_equal(sim_mem_release(mem, 0x40000000, 0x1000), 0);
	assert_int_equal(sim_mem_alloc(mem, 0x1004, 4, &pa), -ENOMEM);
	assert_int_equal(alloc_ok(mem, 0x800, 4), 0x40000000);
	assert_int_equal(alloc_ok(mem, 0xc00, 4), 0x40001000);
	assert_false(sim_mem_is_free_ram(mem, 0x40002000));
	assert_true(sim_mem_is_free_ram(mem, 0x40000800));
	sim_mem_free(mem);
}

/*
 * The ARMv7 short-descriptor table's pattern at scale: a 16 KiB level 1,
 * then 4096 level-2 tables of 1 KiB, lowest first; every other one given
 * back leaves 1 KiB holes that a 2 KiB table cannot use.  RAM 1 GiB at
 * 0x40000000; level-2 table k at 0x40004000 + k * 0x400, the last one
 * ending at 0x40004000 + 4096 * 0x400 = 0x40404000.
 */
static void test_many_small_tables(void **state)
{
	struct sim_mem *mem = mem_with_ram(0x40000000, 0x40000000);

	assert_int_equal(alloc_ok(mem, 0x4000, 0x4000), 0x40000000);
	for (u64 k = 0; k < 4096; k++)
		assert_int_equal(alloc_ok(mem, 0x400, 0x400), 0x40004000 + k * 0x400);
	for (u64 k = 0; k < 4096; k += 2)
		assert_int_equal(sim_mem_release(mem, 0x40004000 + k * 0x400, 0x400), 0);
	assert_int_equal(sim_mem_allocated(mem), 0x4000 + 2048 * 0x400);

	/* no two neighbouring holes: 2 KiB goes above the last table */
	assert_int_equal(alloc_ok(mem, 0x800, 0x800), 0x40404000);
	/* 1 KiB takes the lowest hole, table 0's */
	assert_int_equal(alloc_ok(mem, 0x400, 0x400), 0x40004000);
	/*
	 * Table 1 given back joins table 2's hole: 0x40004400-0x40004c00,
	 * 2 KiB long but 2 KiB aligned only from 0x40004800, where 1 KiB is
	 * left; so 2 KiB at 2 KiB alignment goes above again, after the one
	 * at 0x40404000, and at 1 KiB alignment into the joined hole.
	 */
	assert_int_equal(sim_mem_release(mem, 0x40004400, 0x400), 0);
	assert_int_equal(alloc_ok(mem, 0x800, 0x800), 0x40404800);
	assert_int_equal(alloc_ok(mem, 0x800, 0x400), 0x40004400);
	/* the next holes: table 4's, then table 6's */
	assert_int_equal(alloc_ok(mem, 0x100, 4), 0x40005000);
	assert_int_equal(alloc_ok(mem, 0x300, 0x100), 0x40005100);
	assert_int_equal(alloc_ok(mem, 0x400, 0x400), 0x40005800);
	assert_false(sim_mem_is_free_ram(mem, 0x40005000));
	assert_true(sim_mem_is_free_ram(mem, 0x40006000));
	assert_false(sim_mem_is_free_ram(mem, 0x40006400));
	sim_mem_free(mem);
}

/*
 * The allocator against the contract, restated as a search a child could
 * do: the lowest address, aligned, whose bytes are all free RAM of one
 * range.  A byte map of three ranges (two touching) and 3000 allocations
 * and releases of mixed sizes and alignments from a fixed generator.
 */
#define MODEL_BASE	0x40000000ULL
#define MODEL_SIZE	0x6000
static const struct { u64 start, size; } model_ram[] = {
	{ 0x40000000, 0x2000 }, { 0x40002000, 0x1800 }, { 0x40004000, 0x2000 },
};

/* Which range byte @off of the model is in: 1, 2, 3, or 0 for none. */
static int model_range(u64 off)
{
	for (size_t i = 0; i < ARRAY_SIZE(model_ram); i++)
		if (MODEL_BASE + off - model_ram[i].start < model_ram[i].size)
			return i + 1;
	return 0;
}

static bool model_find(const u8 *used, u64 size, u64 align, u64 *pa)
{
	for (u64 p = 0; p + size <= MODEL_SIZE; p += align) {
		int range = model_range(p);
		u64 i;

		for (i = 0; range && i < size; i++)
			if (used[p + i] || model_range(p + i) != range)
				break;
		if (range && i == size) {
			*pa = MODEL_BASE + p;
			return true;
		}
	}
	return false;
}

static void test_matches_lowest_fit_model(void **state)
{
	static u8 used[MODEL_SIZE];
	struct { u64 pa, size; } live[64];
	struct sim_mem *mem = sim_mem_new();
	unsigned int nlive = 0;
	u64 seed = 1, want, pa;

	memset(used, 0, sizeof(used));
	for (size_t i = 0; i < ARRAY_SIZE(model_ram); i++)
		assert_int_equal(sim_mem_add_ram(mem, model_ram[i].start, model_ram[i].size), 0);
	for (int step = 0; step < 3000; step++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		if (nlive && (nlive == ARRAY_SIZE(live) || (seed >> 60) < 7)) {
			unsigned int k = (seed >> 33) % nlive;

			assert_int_equal(sim_mem_release(mem, live[k].pa, live[k].size), 0);
			memset(used + live[k].pa - MODEL_BASE, 0, live[k].size);
			live[k] = live[--nlive];
		} else {
			u64 size = 1 + (seed >> 20) % 0x900;
			u64 align = 4ULL << (seed >> 40) % 11;
			bool fits = model_find(used, size, align, &want);

			assert_int_equal(sim_mem_alloc(mem, size, align, &pa), fits ? 0 : -ENOMEM);
			if (!fits)
				continue;
			assert_int_equal(pa, want);
			memset(used + pa - MODEL_BASE, 1, size);
			live[nlive].pa = pa;
			live[nlive++].size = size;
		}
		for (u64 off = 0; off < MODEL_SIZE; off += 0x80)
			assert_int_equal(sim_mem_is_free_ram(mem, MODEL_BASE + off),
					 model_range(off) && !used[off]);
	}
	sim_mem_free(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untouched_reads_zero),
		cmocka_unit_test(test_little_endian),
		cmocka_unit_test(test_cross_page),
		cmocka_unit_test(test_add_ram_errors),
		cmocka_unit_test(test_alloc_errors),
		cmocka_unit_test(test_alignment_and_lowest_first),
		cmocka_unit_test(test_multiple_ranges),
		cmocka_unit_test(test_reuse_and_zero_fill),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_no_wraparound),
		cmocka_unit_test(test_far_pages),
		cmocka_unit_test(test_released_neighbours_join),
		cmocka_unit_test(test_touching_ranges_stay_apart),
		cmocka_unit_test(test_many_small_tables),
		cmocka_unit_test(test_matches_lowest_fit_model),
	};

	sim_mem_free(NULL);
	return unit_run("mem", tests, ARRAY_SIZE(tests));
}
