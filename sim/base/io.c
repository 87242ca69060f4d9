/*
 * Memory-mapped I/O: the physical address map of register regions, CPU
 * accesses through it, guest errors, and the ioremap() cookies drivers use.
 *
 * An ioremap() cookie is an address in a range of the address space that
 * nothing backs, handed out like the kernel's vmalloc area: it is never
 * read or written, only looked up, so that "base + REG_X" arithmetic in a
 * driver works as in the kernel, and a window costs one table entry
 * whatever its size.  The table is the one process-wide piece of state:
 * windows never share cookies, so machines never see each other's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/io.h>
#include <sim/printk.h>
#include <sim/sim.h>
#include <trace/events/iommu_lab.h>

#include <linux/io.h>

/*
 * The cookie space: the upper half of the address space, where no host
 * pointer of a user process lies (so a driver that dereferences a cookie
 * instead of calling readl() faults at once), short of the last page,
 * which ERR_PTR values use.
 */
#define IOREMAP_START	(1ULL << 63)
#define IOREMAP_END	(~0ULL - SZ_4K + 1)	/* first address past the space */
#define IOREMAP_GUARD	SZ_4K			/* unmapped after every window */

_Static_assert(sizeof(void *) == sizeof(u64), "cookies are 64-bit addresses");

struct io_window {
	u64 start, end;		/* cookie range, inclusive, whole pages */
	struct sim *sim;
	phys_addr_t pa;		/* the physical address at @start */
};

static struct io_window *windows;
static size_t nr_windows, windows_cap;

int sim_mmio_add(struct sim *sim, struct sim_mmio_region *r)
{
	struct sim_mmio_region *pos;

	if (!r->size || r->base + r->size - 1 < r->base)
		return -EINVAL;
	list_for_each_entry(pos, &sim->mmio, node) {
		if (r->base <= pos->base + pos->size - 1 &&
		    pos->base <= r->base + r->size - 1)
			return -EBUSY;
		if (pos->base > r->base)
			break;
	}
	/* Insert before @pos: the list stays sorted by base. */
	list_add_tail(&r->node, &pos->node);
	return 0;
}

void sim_mmio_del(struct sim_mmio_region *r)
{
	list_del_init(&r->node);
}

/* The region covering @pa, or NULL. */
static struct sim_mmio_region *sim_mmio_find(struct sim *sim, phys_addr_t pa)
{
	struct sim_mmio_region *r;

	list_for_each_entry(r, &sim->mmio, node)
		if (pa >= r->base && pa - r->base < r->size)
			return r;
	return NULL;
}

void sim_guest_error(struct sim *sim, const char *who, const char *fmt, ...)
{
	va_list ap;
	char msg[160];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sim->guest_errors++;
	trace_guest_error(sim, who, msg);
}

static bool valid_size(unsigned int size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* The region @pa..@pa+@size-1 lies in, if the access is one it accepts. */
static struct sim_mmio_region *access_region(struct sim *sim, phys_addr_t pa,
					     unsigned int size, bool write)
{
	struct sim_mmio_region *r = sim_mmio_find(sim, pa);
	const char *what = write ? "write" : "read";

	if (!r) {
		sim_guest_error(sim, "bus", "%s of %u bytes at unassigned address 0x%llx",
				what, size, (unsigned long long)pa);
		return NULL;
	}
	if (!valid_size(size) || !(r->ops->access_sizes & BIT(size))) {
		sim_guest_error(sim, r->name, "invalid %s size %u at offset 0x%llx",
				what, size, (unsigned long long)(pa - r->base));
		return NULL;
	}
	if (pa - r->base > r->size - size) {
		sim_guest_error(sim, r->name, "%s of %u bytes runs off the end at offset 0x%llx",
				what, size, (unsigned long long)(pa - r->base));
		return NULL;
	}
	return r;
}

u64 sim_mmio_read(struct sim *sim, phys_addr_t pa, unsigned int size)
{
	SIM_ENTER(sim);
	struct sim_mmio_region *r = access_region(sim, pa, size, false);

	if (!r)
		return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
	return r->ops->read(r->opaque, pa - r->base, size);
}

void sim_mmio_write(struct sim *sim, phys_addr_t pa, u64 value, unsigned int size)
{
	SIM_ENTER(sim);
	struct sim_mmio_region *r = access_region(sim, pa, size, true);

	if (r)
		r->ops->write(r->opaque, pa - r->base, value, size);
}

/*
 * Finds room for @len bytes of cookie space: the lowest gap between the
 * windows (kept sorted by start) with a guard page after the previous one.
 * Returns the index to insert at and the start, or -ENOMEM.
 */
static int window_gap(u64 len, size_t *index, u64 *start)
{
	u64 at = IOREMAP_START;

	for (size_t i = 0; i <= nr_windows; i++) {
		u64 limit = i < nr_windows ? windows[i].start : IOREMAP_END;

		if (limit > at && limit - at >= len) {
			*index = i;
			*start = at;
			return 0;
		}
		if (i == nr_windows || windows[i].end >= IOREMAP_END - 1 - IOREMAP_GUARD)
			break;
		at = windows[i].end + 1 + IOREMAP_GUARD;
	}
	return -ENOMEM;
}

void __iomem *sim_ioremap(struct sim *sim, phys_addr_t pa, size_t size)
{
	u64 first = pa & ~(u64)(SZ_4K - 1), last, len, start;
	struct io_window *w;
	size_t i;

	if (!size || pa + size - 1 < pa)
		return NULL;
	/* Whole pages, as the kernel's ioremap() maps them. */
	last = (pa + size - 1) | (SZ_4K - 1);
	len = last - first + 1;
	if (!len || window_gap(len, &i, &start))	/* !len: all of 2^64 */
		return NULL;
	/* The kernel's ioremap() allocates its vm area: that may fail. */
	if (should_failslab(sim, "ioremap"))
		return NULL;
	if (nr_windows == windows_cap) {
		size_t cap = windows_cap ? windows_cap * 2 : 16;

		w = realloc(windows, cap * sizeof(*w));
		if (!w)
			return NULL;
		windows = w;
		windows_cap = cap;
	}
	memmove(&windows[i + 1], &windows[i], (nr_windows - i) * sizeof(*windows));
	windows[i] = (struct io_window) {
		.start = start, .end = start + len - 1, .sim = sim, .pa = first,
	};
	nr_windows++;
	return (void __iomem *)(uintptr_t)(start + (pa - first));
}

/* The window @addr falls in, by binary search; NULL outside every one. */
static struct io_window *window_find(const void __iomem *addr)
{
	u64 a = (uintptr_t)addr;
	size_t lo = 0, hi = nr_windows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a < windows[mid].start)
			hi = mid;
		else if (a > windows[mid].end)
			lo = mid + 1;
		else
			return &windows[mid];
	}
	return NULL;
}

void __iomem *ioremap(phys_addr_t offset, size_t size)
{
	struct sim *sim = sim_current();

	return sim ? sim_ioremap(sim, offset, size) : NULL;
}

void iounmap(void __iomem *addr)
{
	struct io_window *w = window_find(addr);
	size_t i;

	if (!w)
		return;
	i = w - windows;
	memmove(w, w + 1, (nr_windows - i - 1) * sizeof(*w));
	if (!--nr_windows) {
		free(windows);
		windows = NULL;
		windows_cap = 0;
	}
}

/*
 * A cookie outside every window is a driver bug the kernel would oops on
 * (a paging request no page table answers): the simulator reports the
 * oops, as arm64's die() words it, and the access reads all ones and
 * writes nothing.
 */
static void io_oops(const char *site, const void __iomem *addr)
{
	struct sim *sim = sim_current();

	if (!sim)
		return;
	sim_printk(sim, "Unable to handle kernel paging request at virtual address %016llx (%s)",
		   (unsigned long long)(uintptr_t)addr, site);
	trace_bug_bad_iomem(sim, site, (unsigned long long)(uintptr_t)addr);
}

static u64 io_read(const void __iomem *addr, unsigned int size, const char *site)
{
	struct io_window *w = window_find(addr);

	if (!w) {
		io_oops(site, addr);
		return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
	}
	return sim_mmio_read(w->sim, w->pa + ((uintptr_t)addr - w->start), size);
}

static void io_write(void __iomem *addr, u64 value, unsigned int size, const char *site)
{
	struct io_window *w = window_find(addr);

	if (!w) {
		io_oops(site, addr);
		return;
	}
	sim_mmio_write(w->sim, w->pa + ((uintptr_t)addr - w->start), value, size);
}

u32 readl(const void __iomem *addr) { return io_read(addr, 4, "readl"); }
u64 readq(const void __iomem *addr) { return io_read(addr, 8, "readq"); }
void writel(u32 value, void __iomem *addr) { io_write(addr, value, 4, "writel"); }
void writeq(u64 value, void __iomem *addr) { io_write(addr, value, 8, "writeq"); }
