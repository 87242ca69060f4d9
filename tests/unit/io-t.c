/*
 * ioremap() cookies (sim/include/sim/io.h): a window of any size maps at
 * the same cost and reaches its register model at the right offset, the
 * guard page after a window reaches nothing (the oops the kernel would
 * have, reported), unmapping gives the room
 * back, and only a window larger than the 2^63-byte cookie space, an
 * empty one or one that wraps is refused.
 */
#include <string.h>

#include <sim/current.h>
#include <sim/io.h>
#include <sim/sim.h>
#include <sim/trace.h>

#include "unit.h"

#define SZ_1T	(1ULL << 40)

/* A register model that answers a read with its offset and counts accesses. */
struct probe_regs {
	struct sim_mmio_region mmio;
	unsigned int reads, writes;
	u64 last_offset, last_value;
};

static u64 probe_read(void *opaque, u64 offset, unsigned int size)
{
	struct probe_regs *p = opaque;

	p->reads++;
	p->last_offset = offset;
	return offset & 0xffffffff;
}

static void probe_write(void *opaque, u64 offset, u64 value, unsigned int size)
{
	struct probe_regs *p = opaque;

	p->writes++;
	p->last_offset = offset;
	p->last_value = value;
}

static const struct sim_mmio_ops probe_ops = {
	.read = probe_read,
	.write = probe_write,
	.access_sizes = SIM_MMIO_32 | SIM_MMIO_64,
};

static void probe_add(struct sim *sim, struct probe_regs *p, phys_addr_t base, u64 size)
{
	memset(p, 0, sizeof(*p));
	p->mmio = (struct sim_mmio_region) {
		.name = "probe", .base = base, .size = size,
		.ops = &probe_ops, .opaque = p,
	};
	assert_int_equal(sim_mmio_add(sim, &p->mmio), 0);
}

/* Trace event @i is the BUG of an access by @site at @addr. */
static void assert_bad_iomem(struct sim *sim, size_t i, const char *site,
			     const void __iomem *addr)
{
	const struct sim_trace_event *ev = sim_trace_get(sim, i);
	char want[128];

	assert_non_null(ev);
	assert_string_equal(ev->name, "BUG");
	snprintf(want, sizeof(want), "oops=paging-request site=%s addr=0x%llx", site,
		 (unsigned long long)(uintptr_t)addr);
	assert_string_equal(ev->args, want);
}

/*
 * 16 GiB, 1 TiB and 2^62 bytes: each maps (a host allocation of that size
 * would fail or abort under ASan), and a register at an offset far into
 * the window reaches the model at that offset.
 */
static void test_any_size_maps(void **state)
{
	static const struct { phys_addr_t base; u64 size, off; } w[] = {
		{ 0x100000000ULL, 16ULL << 30, (16ULL << 30) - 4 },
		{ 0x10000000000ULL, SZ_1T, 0xabcdef000ULL + 0xf00 },
		{ 0x4000000000000000ULL, 1ULL << 62, (1ULL << 62) - 8 },
	};
	struct sim *sim = sim_new();
	struct probe_regs p[ARRAY_SIZE(w)];
	void __iomem *base[ARRAY_SIZE(w)];

	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		probe_add(sim, &p[i], w[i].base, w[i].size);
		base[i] = sim_ioremap(sim, w[i].base, w[i].size);
		assert_non_null(base[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		/* the model answers with the offset's low 32 bits */
		assert_int_equal(readl(base[i] + w[i].off), w[i].off & 0xffffffff);
		assert_int_equal(p[i].reads, 1);
		assert_int_equal(p[i].last_offset, w[i].off);
		writel(0x5a5a, base[i]);
		assert_int_equal(p[i].writes, 1);
		assert_int_equal(p[i].last_offset, 0);
		assert_int_equal(p[i].last_value, 0x5a5a);
	}
	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		iounmap(base[i]);
	sim_free(sim);
}

/*
 * A window that does not start on a page: the cookie keeps the offset in
 * the page, as the kernel's ioremap() does, so cookie + 0 is the first
 * byte asked for.
 */
static void test_offset_in_page(void **state)
{
	struct sim *sim = sim_new();
	struct probe_regs p;
	void __iomem *base;

	probe_add(sim, &p, 0x10000000, 0x2000);
	base = sim_ioremap(sim, 0x10000810, 0x10);
	assert_non_null(base);
	assert_int_equal((uintptr_t)base & 0xfff, 0x810);
	assert_int_equal(readl(base + 4), 0x814);
	assert_int_equal(p.last_offset, 0x814);
	iounmap(base);
	sim_free(sim);
}

/*
 * The page after a window is a guard: an access that runs past a window
 * reaches no model, reads all ones, and a window mapped next does not see
 * it.
 */
static void test_guard_page(void **state)
{
	struct sim *sim = sim_new();
	struct probe_regs a, b;
	void __iomem *wa, *wb;

	probe_add(sim, &a, 0x20000000, 0x1000);
	probe_add(sim, &b, 0x30000000, 0x1000);
	wa = sim_ioremap(sim, 0x20000000, 0x1000);
	wb = sim_ioremap(sim, 0x30000000, 0x1000);
	assert_non_null(wa);
	assert_non_null(wb);
	assert_true(wb >= wa + 0x2000);
	sim_enter(sim);
	sim_trace_enable(sim, true);
	assert_int_equal(readl(wa + 0x1000), 0xffffffff);
	assert_int_equal(readq(wa + 0x1ff8), ~0ULL);
	writel(1, wa + 0x1000);
	assert_int_equal(a.reads + a.writes + b.reads + b.writes, 0);
	/* each access is the oops the kernel would have, named by its accessor */
	assert_int_equal(sim_trace_count(sim), 3);
	assert_bad_iomem(sim, 0, "readl", wa + 0x1000);
	assert_bad_iomem(sim, 1, "readq", wa + 0x1ff8);
	assert_bad_iomem(sim, 2, "writel", wa + 0x1000);
	iounmap(wa);
	iounmap(wb);
	/* a cookie that was unmapped reaches nothing either */
	assert_int_equal(readl(wa), 0xffffffff);
	assert_int_equal(a.reads, 0);
	assert_bad_iomem(sim, 3, "readl", wa);
	sim_enter(NULL);
	sim_free(sim);
}

/*
 * The cookie space is [2^63, 2^64 - 4 KiB): one window of all of it maps,
 * then nothing else fits (each window needs its guard page); unmapping it
 * gives the room back.  A window of 2^63 bytes is larger than the space.
 */
static void test_space_limit(void **state)
{
	const u64 space = (1ULL << 63) - 0x1000;
	struct sim *sim = sim_new();
	void __iomem *all, *small;

	assert_null(sim_ioremap(sim, 0, 1ULL << 63));
	assert_null(sim_ioremap(sim, 0x1000, space + 1));	/* a page more */
	all = sim_ioremap(sim, 0, space);
	assert_non_null(all);
	assert_true((uintptr_t)all == 1ULL << 63);
	assert_null(sim_ioremap(sim, 0x40000000, 4));
	iounmap(all);
	small = sim_ioremap(sim, 0x40000000, 4);
	assert_non_null(small);
	iounmap(small);
	sim_free(sim);
}

/* Nothing to map: an empty window, or one running past 2^64. */
static void test_refused(void **state)
{
	struct sim *sim = sim_new();

	assert_null(sim_ioremap(sim, 0x1000, 0));
	assert_null(sim_ioremap(sim, 0xfffffffffffff000ULL, 0x2000));
	assert_null(sim_ioremap(sim, 0, ~0ULL));
	sim_free(sim);
}

/* Two machines map the same physical address: each cookie reaches its own. */
static void test_machines_apart(void **state)
{
	struct sim *s1 = sim_new(), *s2 = sim_new();
	struct probe_regs p1, p2;
	void __iomem *w1, *w2;

	probe_add(s1, &p1, 0x10000000, 0x1000);
	probe_add(s2, &p2, 0x10000000, 0x1000);
	w1 = sim_ioremap(s1, 0x10000000, 0x1000);
	w2 = sim_ioremap(s2, 0x10000000, 0x1000);
	assert_non_null(w1);
	assert_non_null(w2);
	assert_ptr_not_equal(w1, w2);
	writel(7, w2 + 0x10);
	assert_int_equal(p1.writes, 0);
	assert_int_equal(p2.writes, 1);
	iounmap(w1);
	iounmap(w2);
	sim_free(s1);
	sim_free(s2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_any_size_maps),
		cmocka_unit_test(test_offset_in_page),
		cmocka_unit_test(test_guard_page),
		cmocka_unit_test(test_space_limit),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_machines_apart),
	};

	return unit_run("io", tests, ARRAY_SIZE(tests));
}
