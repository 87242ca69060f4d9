/*
 * QEMU's edu device: an ID register, a liveness check, a factorial
 * engine, interrupt status bits and a DMA engine with a 4 KiB buffer
 * (register map in sim/edu-hw.h).  DMA between the buffer and RAM is
 * the device's own bus-master traffic: it goes through sim_dma_access()
 * and so through whatever IOMMU the board puts in front of the function.
 *
 * BAR0 placement, when the model is made.  A function whose node has
 * "assigned-addresses" (the PCI binding's record of where the firmware
 * put its BARs) gets BAR0 there: the q35 boards give SeaBIOS's address,
 * worked out in q35-vtd.dts.  One without, such as a function added
 * later with dev add, gets the lowest free 1 MiB-aligned megabyte of the
 * first of its host bridge's 32-bit memory windows that has one, which is
 * what Linux's bottom-up assignment of a BAR no firmware placed comes to
 * on these boards; functions listed in slot order get them in slot order.
 *
 * Simplified: the factorial is ready at once (status never reads
 * "computing"), and the interrupt (INTx or MSI) is not wired to a line:
 * IRQ_STATUS shows what would have raised it.  A DMA whose buffer range
 * falls outside the buffer is a guest error and moves nothing (QEMU
 * stops the machine); the command still completes.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/device.h>
#include <sim/edu-hw.h>
#include <sim/errno.h>
#include <sim/io.h>
#include <sim/of.h>
#include <sim/sim.h>

#define PCI_SPACE_MEM32		2	/* phys.hi bits 25:24 of a PCI address */

struct edu {
	struct sim_hw *hw;
	struct sim_mmio_region mmio;

	u32 liveness;			/* the complement of the last write */
	u32 factorial;
	/* EDU_F_STATUS_IRQFACT; "computing" is never seen */
	u32 status;
	/* EDU_IRQ_FACTORIAL | EDU_IRQ_DMA | whatever IRQ_RAISE wrote */
	u32 irq_status;

	u64 dma_src, dma_dst, dma_cnt;
	/* EDU_F_DMA_RUN | EDU_F_DMA_TO_RAM | EDU_F_DMA_IRQ */
	u64 dma_cmd;
	struct sim_timer dma_timer;
	u8 buf[EDU_DMA_SIZE];

	/* For the DMA dma_engine() started: who watches, and how it went. */
	sim_dma_observer observe;
	void *observe_ctx;
	int dma_result;
};

static u32 factorial(u32 n)
{
	u32 ret = 1;

	while (n > 1)
		ret *= n--;
	return ret;
}

/* A buffer range of @len bytes from device address @addr, or guest error. */
static bool edu_buf_range(struct edu *e, u64 addr, u64 len)
{
	if (addr >= EDU_DMA_START && len && len <= EDU_DMA_SIZE &&
	    addr - EDU_DMA_START <= EDU_DMA_SIZE - len)
		return true;
	sim_guest_error(e->hw->sim, e->hw->name,
			"DMA of 0x%llx bytes at buffer address 0x%llx outside 0x%x..0x%x",
			(unsigned long long)len, (unsigned long long)addr, EDU_DMA_START,
			EDU_DMA_START + EDU_DMA_SIZE - 1);
	return false;
}

/* The RAM side, cut to the device's 28 address bits as QEMU's edu does. */
static u64 edu_clamp(struct edu *e, u64 addr)
{
	if (!(addr & ~EDU_DMA_MASK))
		return addr;
	sim_guest_error(e->hw->sim, e->hw->name, "clamping DMA 0x%llx to 0x%llx",
			(unsigned long long)addr, (unsigned long long)(addr & EDU_DMA_MASK));
	return addr & EDU_DMA_MASK;
}

static void edu_dma_done(struct sim *sim, void *data)
{
	struct edu *e = data;
	bool to_ram = e->dma_cmd & EDU_F_DMA_TO_RAM;
	u64 buf_addr = to_ram ? e->dma_src : e->dma_dst;
	u64 ram_addr = edu_clamp(e, to_ram ? e->dma_dst : e->dma_src);
	struct device *master = e->hw->np->dev;

	if (!master) {
		sim_guest_error(sim, e->hw->name, "DMA with no PCI function to master it");
		e->dma_result = -ENODEV;
	} else if (edu_buf_range(e, buf_addr, e->dma_cnt)) {
		e->dma_result = sim_dma_access(master, 0, ram_addr,
					       e->buf + (buf_addr - EDU_DMA_START),
					       e->dma_cnt, to_ram, e->observe, e->observe_ctx);
	}
	trace_edu_dma(sim, e->hw->name, to_ram, ram_addr, buf_addr, e->dma_cnt);
	e->dma_cmd &= ~EDU_F_DMA_RUN;
	if (e->dma_cmd & EDU_F_DMA_IRQ)
		e->irq_status |= EDU_IRQ_DMA;
}

static bool edu_size_ok(struct edu *e, u64 offset, unsigned int size, const char *what)
{
	if (size == 4 || (size == 8 && offset >= EDU_REG_DMA_SRC))
		return true;
	sim_guest_error(e->hw->sim, e->hw->name, "%u-byte %s at offset 0x%llx", size, what,
			(unsigned long long)offset);
	return false;
}

static u64 edu_read(void *opaque, u64 offset, unsigned int size)
{
	struct edu *e = opaque;
	u64 all_ones = size == 8 ? ~0ULL : U32_MAX;

	if (!edu_size_ok(e, offset, size, "read"))
		return all_ones;
	switch (offset) {
	case EDU_REG_ID:		return EDU_ID;
	case EDU_REG_LIVENESS:		return e->liveness;
	case EDU_REG_FACTORIAL:		return e->factorial;
	case EDU_REG_STATUS:		return e->status;
	case EDU_REG_IRQ_STATUS:	return e->irq_status;
	case EDU_REG_DMA_SRC:		return e->dma_src & all_ones;
	case EDU_REG_DMA_DST:		return e->dma_dst & all_ones;
	case EDU_REG_DMA_CNT:		return e->dma_cnt & all_ones;
	case EDU_REG_DMA_CMD:		return e->dma_cmd & all_ones;
	}
	sim_guest_error(e->hw->sim, e->hw->name, "read of unknown register at offset 0x%llx",
			(unsigned long long)offset);
	return all_ones;
}

/* The DMA registers hold still while a transfer runs. */
static void edu_dma_reg_write(struct edu *e, u64 *reg, u64 value)
{
	if (e->dma_cmd & EDU_F_DMA_RUN) {
		sim_guest_error(e->hw->sim, e->hw->name, "DMA register written while a DMA runs");
		return;
	}
	*reg = value;
}

static void edu_write(void *opaque, u64 offset, u64 value, unsigned int size)
{
	struct edu *e = opaque;

	if (!edu_size_ok(e, offset, size, "write"))
		return;
	switch (offset) {
	case EDU_REG_LIVENESS:
		e->liveness = ~value;
		return;
	case EDU_REG_FACTORIAL:
		e->factorial = factorial(value);
		if (e->status & EDU_F_STATUS_IRQFACT)
			e->irq_status |= EDU_IRQ_FACTORIAL;
		return;
	case EDU_REG_STATUS:
		e->status = value & EDU_F_STATUS_IRQFACT;
		return;
	case EDU_REG_IRQ_RAISE:
		e->irq_status |= value;
		return;
	case EDU_REG_IRQ_ACK:
		e->irq_status &= ~value;
		return;
	case EDU_REG_DMA_SRC:
		edu_dma_reg_write(e, &e->dma_src, value);
		return;
	case EDU_REG_DMA_DST:
		edu_dma_reg_write(e, &e->dma_dst, value);
		return;
	case EDU_REG_DMA_CNT:
		edu_dma_reg_write(e, &e->dma_cnt, value);
		return;
	case EDU_REG_DMA_CMD:
		/* As QEMU's: a command without the run bit is ignored. */
		if (!(value & EDU_F_DMA_RUN))
			return;
		edu_dma_reg_write(e, &e->dma_cmd, value);
		sim_timer_queue(e->hw->sim, &e->dma_timer, EDU_DMA_DELAY);
		return;
	case EDU_REG_ID:
	case EDU_REG_IRQ_STATUS:
		sim_guest_error(e->hw->sim, e->hw->name,
				"write of 0x%llx to read-only register at offset 0x%llx",
				(unsigned long long)value, (unsigned long long)offset);
		return;
	}
	sim_guest_error(e->hw->sim, e->hw->name, "write of 0x%llx to unknown register at offset 0x%llx",
			(unsigned long long)value, (unsigned long long)offset);
}

static const struct sim_mmio_ops edu_mmio_ops = {
	.read = edu_read,
	.write = edu_write,
	.access_sizes = SIM_MMIO_32 | SIM_MMIO_64,
};

/*
 * `dma read|write`: the console stands in for a driver.  A write first
 * fills the buffer through a backdoor (a driver would have had the device
 * compute it); then the engine is programmed through BAR0 and the clock
 * runs until the run bit clears.  A read hands back the buffer.  Lengths
 * beyond the buffer are -EINVAL, addresses beyond 28 bits -ERANGE.
 */
static int edu_dma_engine(struct sim_hw *hw, u64 addr, void *buf, size_t len,
			  bool write, sim_dma_observer observe, void *ctx)
{
	struct edu *e = hw->priv;
	struct sim *sim = hw->sim;
	phys_addr_t bar = e->mmio.base;
	u64 when;

	if (!len || len > EDU_DMA_SIZE)
		return -EINVAL;
	/* Beyond the device's reach: the engine would cut the address. */
	if ((addr + len - 1) & ~EDU_DMA_MASK)
		return -ERANGE;
	if (e->dma_cmd & EDU_F_DMA_RUN)
		return -EBUSY;
	if (write)
		memcpy(e->buf, buf, len);
	sim_mmio_write(sim, bar + EDU_REG_DMA_SRC, write ? EDU_DMA_START : addr, 8);
	sim_mmio_write(sim, bar + EDU_REG_DMA_DST, write ? addr : EDU_DMA_START, 8);
	sim_mmio_write(sim, bar + EDU_REG_DMA_CNT, len, 8);
	e->observe = observe;
	e->observe_ctx = ctx;
	e->dma_result = 0;
	sim_mmio_write(sim, bar + EDU_REG_DMA_CMD,
		       EDU_F_DMA_RUN | (write ? EDU_F_DMA_TO_RAM : 0), 8);
	while ((sim_mmio_read(sim, bar + EDU_REG_DMA_CMD, 8) & EDU_F_DMA_RUN) &&
	       sim_next_event(sim, &when))
		sim_advance(sim, when - sim->now);
	e->observe = NULL;
	e->observe_ctx = NULL;
	if (!write)
		memcpy(buf, e->buf, len);
	return e->dma_result;
}

/*
 * The @n-th 32-bit memory window of @bridge (0 the first in "ranges"):
 * its PCI address, CPU address and size.  -ENOENT past the last one.
 */
static int edu_mem32_window(const struct device_node *bridge, u32 n, u64 *pci, u64 *cpu,
			    u64 *size)
{
	u32 pac = 2, sc = 2, cell, entry;
	int len;

	if (bridge->parent)
		of_property_read_u32(bridge->parent, "#address-cells", &pac);
	of_property_read_u32(bridge, "#size-cells", &sc);
	if (!of_get_property(bridge, "ranges", &len) || pac > 2 || sc > 2)
		return -EINVAL;
	entry = 3 + pac + sc;
	for (u32 i = 0; (i + entry) * 4 <= (u32)len; i += entry) {
		of_property_read_u32_index(bridge, "ranges", i, &cell);
		if (((cell >> 24) & 3) != PCI_SPACE_MEM32 || n--)
			continue;
		*pci = *cpu = *size = 0;
		for (u32 j = 1; j < 3; j++) {
			of_property_read_u32_index(bridge, "ranges", i + j, &cell);
			*pci = *pci << 32 | cell;
		}
		for (u32 j = 0; j < pac; j++) {
			of_property_read_u32_index(bridge, "ranges", i + 3 + j, &cell);
			*cpu = *cpu << 32 | cell;
		}
		for (u32 j = 0; j < sc; j++) {
			of_property_read_u32_index(bridge, "ranges", i + 3 + pac + j, &cell);
			*size = *size << 32 | cell;
		}
		return 0;
	}
	return -ENOENT;
}

/*
 * The PCI address the firmware gave BAR0 (config offset 0x10, 32-bit
 * memory), from the function's "assigned-addresses": entries of three
 * PCI address cells and two size cells, as "reg".  -ENOENT when it has
 * no such entry, -EINVAL when the entry is not BAR0's 1 MiB.
 */
static int edu_assigned_bar0(const struct device_node *np, u64 *pci)
{
	u32 hi, mid, lo, shi, slo;
	int len;

	if (!of_get_property(np, "assigned-addresses", &len))
		return -ENOENT;
	for (u32 i = 0; (i + 5) * 4 <= (u32)len; i += 5) {
		of_property_read_u32_index(np, "assigned-addresses", i, &hi);
		if ((hi & 0xff) != 0x10)
			continue;
		of_property_read_u32_index(np, "assigned-addresses", i + 1, &mid);
		of_property_read_u32_index(np, "assigned-addresses", i + 2, &lo);
		of_property_read_u32_index(np, "assigned-addresses", i + 3, &shi);
		of_property_read_u32_index(np, "assigned-addresses", i + 4, &slo);
		if (((hi >> 24) & 3) != PCI_SPACE_MEM32 || shi || slo != EDU_BAR0_SIZE ||
		    (lo & (EDU_BAR0_SIZE - 1)) || mid)
			return -EINVAL;
		*pci = lo;
		return 0;
	}
	return -ENOENT;
}

/* The firmware's BAR0, in the CPU address space through @bridge's windows. */
static int edu_place_assigned(struct edu *e, const struct device_node *bridge, u64 pci)
{
	u64 wpci, cpu, size;

	for (u32 n = 0; !edu_mem32_window(bridge, n, &wpci, &cpu, &size); n++) {
		if (pci < wpci || pci - wpci > size || size - (pci - wpci) < EDU_BAR0_SIZE)
			continue;
		e->mmio.base = cpu + (pci - wpci);
		return sim_mmio_add(e->hw->sim, &e->mmio);
	}
	return -EINVAL;
}

/*
 * No firmware placement: the lowest free 1 MiB-aligned MiB of the first
 * 32-bit window that has one, windows in "ranges" order.
 */
static int edu_place_free(struct edu *e, const struct device_node *bridge)
{
	u64 pci, cpu, size;
	int ret = -EINVAL;

	for (u32 n = 0; !edu_mem32_window(bridge, n, &pci, &cpu, &size); n++) {
		u64 first = (cpu + EDU_BAR0_SIZE - 1) & ~(u64)(EDU_BAR0_SIZE - 1);

		ret = -ENOSPC;
		for (u64 bar = first; bar >= cpu && bar - cpu + EDU_BAR0_SIZE <= size;
		     bar += EDU_BAR0_SIZE) {
			e->mmio.base = bar;
			ret = sim_mmio_add(e->hw->sim, &e->mmio);
			if (ret != -EBUSY)
				return ret;
		}
	}
	return ret == -EBUSY ? -ENOSPC : ret;
}

static int edu_create(struct sim_hw *hw)
{
	struct device_node *bridge = hw->np->parent;
	const char *type = bridge ? of_get_property(bridge, "device_type", NULL) : NULL;
	struct edu *e;
	u64 pci, cpu, size;
	int ret;

	/* A PCI function only: its BAR lies in a host bridge's window. */
	if (!type || strcmp(type, "pci") || edu_mem32_window(bridge, 0, &pci, &cpu, &size))
		return -EINVAL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->hw = hw;
	sim_timer_init(&e->dma_timer, "edu_dma", edu_dma_done, e);
	e->mmio = (struct sim_mmio_region) {
		.name = hw->name, .size = EDU_BAR0_SIZE,
		.ops = &edu_mmio_ops, .opaque = e,
	};
	ret = edu_assigned_bar0(hw->np, &pci);
	if (!ret)
		ret = edu_place_assigned(e, bridge, pci);
	else if (ret == -ENOENT)
		ret = edu_place_free(e, bridge);
	if (ret) {
		free(e);
		return ret;
	}
	hw->priv = e;
	return 0;
}

static void edu_destroy(struct sim_hw *hw)
{
	struct edu *e = hw->priv;

	sim_timer_cancel(&e->dma_timer);
	sim_mmio_del(&e->mmio);
	free(e);
}

const struct sim_hw_type sim_edu_hw_type = {
	.compatible = "iommu-lab,edu",
	.create = edu_create,
	.destroy = edu_destroy,
	.dma_engine = edu_dma_engine,
};

phys_addr_t sim_edu_bar0(struct sim_hw *hw)
{
	return ((struct edu *)hw->priv)->mmio.base;
}
