/*
 * Memory-mapped I/O: the physical address map of register regions, CPU
 * accesses through it, guest errors, and the ioremap() cookies drivers use.
 *
 * An ioremap() cookie is the address of a host allocation as large as the
 * mapped range; it is never read or written, only looked up, so that
 * "base + REG_X" arithmetic in a driver works as in the kernel.  The
 * lookup table is the one process-wide piece of state: host addresses are
 * unique, so machines never see each other's windows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/io.h>
#include <sim/sim.h>

struct io_window {
	char *host;
	size_t size;
	struct sim *sim;
	phys_addr_t pa;
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

struct sim_mmio_region *sim_mmio_find(struct sim *sim, phys_addr_t pa)
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
	sim_trace(sim, "guest_error", "dev=%s msg=\"%s\"", who, msg);
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
	struct sim_mmio_region *r = access_region(sim, pa, size, false);

	if (!r)
		return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
	return r->ops->read(r->opaque, pa - r->base, size);
}

void sim_mmio_write(struct sim *sim, phys_addr_t pa, u64 value, unsigned int size)
{
	struct sim_mmio_region *r = access_region(sim, pa, size, true);

	if (r)
		r->ops->write(r->opaque, pa - r->base, value, size);
}

void __iomem *sim_ioremap(struct sim *sim, phys_addr_t pa, size_t size)
{
	struct io_window *w;

	if (!size)
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
	w = &windows[nr_windows];
	w->host = malloc(size);
	if (!w->host)
		return NULL;
	w->size = size;
	w->sim = sim;
	w->pa = pa;
	nr_windows++;
	return w->host;
}

static struct io_window *window_find(const void *addr)
{
	const char *p = addr;

	for (size_t i = 0; i < nr_windows; i++)
		if (p >= windows[i].host && p < windows[i].host + windows[i].size)
			return &windows[i];
	return NULL;
}

void iounmap(void __iomem *addr)
{
	struct io_window *w = window_find(addr);

	if (!w)
		return;
	free(w->host);
	*w = windows[--nr_windows];
	if (!nr_windows) {
		free(windows);
		windows = NULL;
		windows_cap = 0;
	}
}

/*
 * A cookie outside every window is a driver bug the kernel would oops on;
 * here it reads all ones and is otherwise ignored.
 */
static u64 io_read(const void __iomem *addr, unsigned int size)
{
	struct io_window *w = window_find(addr);

	if (!w)
		return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
	return sim_mmio_read(w->sim, w->pa + ((const char *)addr - w->host), size);
}

static void io_write(void __iomem *addr, u64 value, unsigned int size)
{
	struct io_window *w = window_find(addr);

	if (w)
		sim_mmio_write(w->sim, w->pa + ((char *)addr - w->host), value, size);
}

u8 readb(const void __iomem *addr) { return io_read(addr, 1); }
u16 readw(const void __iomem *addr) { return io_read(addr, 2); }
u32 readl(const void __iomem *addr) { return io_read(addr, 4); }
u64 readq(const void __iomem *addr) { return io_read(addr, 8); }
void writeb(u8 value, void __iomem *addr) { io_write(addr, value, 1); }
void writew(u16 value, void __iomem *addr) { io_write(addr, value, 2); }
void writel(u32 value, void __iomem *addr) { io_write(addr, value, 4); }
void writeq(u64 value, void __iomem *addr) { io_write(addr, value, 8); }
