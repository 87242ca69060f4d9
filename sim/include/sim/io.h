/*
 * Memory-mapped I/O.  Device models register register files (regions)
 * at physical addresses with read and write callbacks; drivers reach them
 * the kernel's way, through an ioremap()ed cookie and readl()/writel(), so
 * a driver file reads like its kernel original.  The console and tests can
 * also access any physical address as the CPU would.
 */
#ifndef SIM_IO_H
#define SIM_IO_H

#include <sim/list.h>
#include <sim/types.h>

#define __iomem

struct sim;

/*
 * A device model's register callbacks.  @offset is from the region's base;
 * @size is 1, 2, 4 or 8 and always one of @access_sizes (a mask of the
 * byte counts allowed, e.g. SIM_MMIO_32): the core rejects other sizes as
 * guest errors before calling.
 */
struct sim_mmio_ops {
	u64 (*read)(void *opaque, u64 offset, unsigned int size);
	void (*write)(void *opaque, u64 offset, u64 value, unsigned int size);
	unsigned int access_sizes;
};

#define SIM_MMIO_8	BIT(1)
#define SIM_MMIO_16	BIT(2)
#define SIM_MMIO_32	BIT(4)
#define SIM_MMIO_64	BIT(8)

struct sim_mmio_region {
	struct list_head node;		/* sim->mmio, by base */
	const char *name;		/* the device, for guest-error lines */
	phys_addr_t base;
	u64 size;
	const struct sim_mmio_ops *ops;
	void *opaque;
};

/* Maps @r at r->base; -EBUSY if it overlaps another region, -EINVAL if empty. */
int sim_mmio_add(struct sim *sim, struct sim_mmio_region *r);
void sim_mmio_del(struct sim_mmio_region *r);

/*
 * A CPU access of @size bytes at @pa.  An address no region covers, an
 * access that runs off a region's end or a size the region refuses is a
 * guest error: logged, reads give all ones, writes are dropped.
 */
u64 sim_mmio_read(struct sim *sim, phys_addr_t pa, unsigned int size);
void sim_mmio_write(struct sim *sim, phys_addr_t pa, u64 value, unsigned int size);

/*
 * Logs a guest error (QEMU's LOG_GUEST_ERROR) from device @who: a trace
 * event "guest_error" and a count.  The model carries on.
 */
void sim_guest_error(struct sim *sim, const char *who, const char *fmt, ...) __printf(3, 4);

/*
 * A cookie for [@pa, @pa + @size) that readl() and friends understand, as
 * the kernel's ioremap() gives.  It costs the same whatever @size is: no
 * host memory backs it.  NULL when @size is 0, the range wraps past the
 * top of the address space, or the 2^63-byte cookie space has no gap that
 * large left (the kernel's vmalloc space running out).  Released with
 * iounmap().
 */
void __iomem *sim_ioremap(struct sim *sim, phys_addr_t pa, size_t size);
void iounmap(void __iomem *addr);

u32 readl(const void __iomem *addr);
u64 readq(const void __iomem *addr);
void writel(u32 value, void __iomem *addr);
void writeq(u64 value, void __iomem *addr);

/* The simulator has no write buffers: relaxed accesses are ordered too. */
#define readl_relaxed(addr)		readl(addr)
#define writel_relaxed(value, addr)	writel(value, addr)

#endif
