// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-lab's host of the project's M4U and SMI larb models
 * (lab_m4u_model.h): the simulator's model core (sim/hw/m4u_core.c,
 * m4u_tlb.c, m4u_walk.c, smi_larb_core.c), compiled in unchanged, given
 * what the simulator's host (sim/hw/m4u.c, smi_larb.c) gives it there:
 *
 *  - register windows: each model's registers answer at a cookie range,
 *    a buffer of the model's own that nothing reads or writes, so that no
 *    other mapping has those addresses; lab_hw_readl() and lab_hw_writel()
 *    find the window an address is in and call the core's register read
 *    or write, as the simulator's MMIO map calls a region's callbacks;
 *  - memory: the walker reads descriptors from real RAM through the
 *    direct map (phys_to_virt()); an address no RAM backs reads as 0, as
 *    the simulator's unbacked memory does;
 *  - the interrupt: a Linux IRQ of its own (dummy_irq_chip,
 *    handle_simple_irq) that the driver requests as it would the GIC's.
 *    The M4U drives the line's level; while it is high at the end of an
 *    access, the handler runs (generic_handle_irq(), interrupts off), as
 *    the simulator services a held line once the access is over.  The
 *    handler clears the fault through INT_CONTROL0, which lowers the line;
 *    one that leaves it high is stopped after as many runs in a row as the
 *    simulator allows, with the simulator's report of the storm (the
 *    kernel's own note_interrupt() still counts a handler's IRQ_NONE);
 *  - guest errors: the trace's guest_error event.
 * The simulator also traces "irq" each time a handler runs; here that is
 * the kernel's own irq_handler_entry tracepoint, which carries the name
 * the driver requested the line with.
 *
 * One spinlock, lab_hw_lock, covers the windows and every model's state:
 * a register access, a piece's translation.  A handler runs with it
 * released, for it reads the registers.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <sim/m4u-core.h>
#include <sim/pgtable-walk.h>
#include <trace/events/iommu_lab.h>

#include "lab_m4u_model.h"

#define LAB_M4U_MODEL_LARBS_MAX	32
#define LAB_M4U_MODEL_NAME_MAX	32
/* Handler runs in a row before a line left high is disabled: the simulator's. */
#define LAB_M4U_IRQ_STORM_LIMIT	1000

/* LAB_M4U_MODEL_REG_SIZE bytes of one model's registers. */
struct lab_hw_window {
	struct list_head node;		/* lab_hw_windows */
	phys_addr_t base;		/* where the board says they are */
	void *cookie;			/* where lab_hw_ioremap() says they are */
	const char *name;		/* the model's, for guest errors */
	struct m4u_core *m4u;		/* the model: the M4U, */
	struct smi_larb_core *larb;	/* or a larb */
};

struct lab_m4u_larb {
	char name[LAB_M4U_MODEL_NAME_MAX];
	struct smi_larb_core core;
	struct lab_hw_window window;
};

struct lab_m4u_model {
	char name[LAB_M4U_MODEL_NAME_MAX];
	struct m4u_core core;
	struct lab_hw_window window;
	struct m4u_tlb_entry *tlb;	/* the core's TLB entries */
	void *cookies;			/* the windows' cookie ranges, one block */
	int irq;
	bool irq_level;			/* the line, as the M4U drives it */
	unsigned int nr_larbs;
	struct lab_m4u_larb larbs[];	/* larb N, as "mediatek,larbs" */
};

static DEFINE_SPINLOCK(lab_hw_lock);
static LIST_HEAD(lab_hw_windows);

static u32 ram_read32(void *host, phys_addr_t pa)
{
	unsigned long pfn = PHYS_PFN(pa);

	if (!pfn_valid(pfn) || !page_is_ram(pfn))
		return 0;
	return le32_to_cpup((const __le32 *)phys_to_virt(pa));
}

static void model_set_irq(void *host, bool level)
{
	struct lab_m4u_model *model = host;

	WRITE_ONCE(model->irq_level, level);
}

static bool model_larb_mmu_en(void *host, unsigned int larb, u32 *mmu_en)
{
	struct lab_m4u_model *model = host;

	if (larb >= model->nr_larbs)
		return false;
	*mmu_en = model->larbs[larb].core.mmu_en;
	return true;
}

static void model_guest_error(void *host, const char *who, const char *msg)
{
	trace_guest_error(who, msg);
}

/* The fault records are the simulator's console's: here the driver reports. */
static const struct m4u_host_ops lab_m4u_host_ops = {
	.read32 = ram_read32,
	.set_irq = model_set_irq,
	.larb_mmu_en = model_larb_mmu_en,
	.guest_error = model_guest_error,
};

/* The window @addr is in, with @addr's offset there; NULL if none.  Under lab_hw_lock. */
static struct lab_hw_window *window_find(const volatile void __iomem *addr, u64 *offset)
{
	unsigned long a = (unsigned long)addr;
	struct lab_hw_window *w;

	list_for_each_entry(w, &lab_hw_windows, node) {
		if (a - (unsigned long)w->cookie < LAB_M4U_MODEL_REG_SIZE) {
			*offset = a - (unsigned long)w->cookie;
			return w;
		}
	}
	return NULL;
}

/*
 * The model's answer to a 4-byte access at @offset, which must end in the
 * window: the simulator's MMIO map checks that before calling a model.
 */
static u32 window_read(struct lab_hw_window *w, u64 offset)
{
	if (offset > LAB_M4U_MODEL_REG_SIZE - 4) {
		m4u_guest_error(&lab_m4u_host_ops, NULL, w->name,
				"read of 4 bytes runs off the end at offset 0x%llx",
				(unsigned long long)offset);
		return 0xffffffff;
	}
	return w->m4u ? m4u_reg_read(w->m4u, offset) : smi_larb_reg_read(w->larb, offset);
}

static void window_write(struct lab_hw_window *w, u64 offset, u32 value)
{
	if (offset > LAB_M4U_MODEL_REG_SIZE - 4)
		m4u_guest_error(&lab_m4u_host_ops, NULL, w->name,
				"write of 4 bytes runs off the end at offset 0x%llx",
				(unsigned long long)offset);
	else if (w->m4u)
		m4u_reg_write(w->m4u, offset, value);
	else
		smi_larb_reg_write(w->larb, offset, value);
}

u32 lab_hw_readl(const volatile void __iomem *addr)
{
	struct lab_hw_window *w;
	unsigned long flags;
	u64 offset;
	u32 value;

	spin_lock_irqsave(&lab_hw_lock, flags);
	w = window_find(addr, &offset);
	if (w) {
		value = window_read(w, offset);
		spin_unlock_irqrestore(&lab_hw_lock, flags);
		return value;
	}
	spin_unlock_irqrestore(&lab_hw_lock, flags);
	return readl(addr);
}
EXPORT_SYMBOL_GPL(lab_hw_readl);

void lab_hw_writel(u32 value, volatile void __iomem *addr)
{
	struct lab_hw_window *w;
	unsigned long flags;
	u64 offset;

	spin_lock_irqsave(&lab_hw_lock, flags);
	w = window_find(addr, &offset);
	if (w) {
		window_write(w, offset, value);
		spin_unlock_irqrestore(&lab_hw_lock, flags);
		return;
	}
	spin_unlock_irqrestore(&lab_hw_lock, flags);
	writel(value, addr);
}
EXPORT_SYMBOL_GPL(lab_hw_writel);

void __iomem *lab_hw_ioremap(phys_addr_t base, size_t size)
{
	void __iomem *addr = NULL;
	struct lab_hw_window *w;
	unsigned long flags;

	spin_lock_irqsave(&lab_hw_lock, flags);
	list_for_each_entry(w, &lab_hw_windows, node) {
		if (base >= w->base && size <= LAB_M4U_MODEL_REG_SIZE &&
		    base - w->base <= LAB_M4U_MODEL_REG_SIZE - size) {
			addr = (void __iomem *)(w->cookie + (base - w->base));
			break;
		}
	}
	spin_unlock_irqrestore(&lab_hw_lock, flags);
	return addr;
}
EXPORT_SYMBOL_GPL(lab_hw_ioremap);

void __iomem *lab_hw_devm_ioremap_resource(struct device *dev,
					   const struct resource *res)
{
	void __iomem *addr = lab_hw_ioremap(res->start, resource_size(res));

	return addr ? addr : devm_ioremap_resource(dev, res);
}
EXPORT_SYMBOL_GPL(lab_hw_devm_ioremap_resource);

void __iomem *lab_hw_devm_platform_ioremap_resource(struct platform_device *pdev,
						    unsigned int index)
{
	struct resource *res = platform_get_resource(pdev, IORESOURCE_MEM, index);
	void __iomem *addr = res ? lab_hw_ioremap(res->start, resource_size(res)) : NULL;

	return addr ? addr : devm_platform_ioremap_resource(pdev, index);
}
EXPORT_SYMBOL_GPL(lab_hw_devm_platform_ioremap_resource);

void lab_m4u_pgtable_walk(struct device *m4udev, u32 ttbr, u32 iova,
			  struct sim_pgtable_walk *walk)
{
	m4u_walk_table(ram_read32, NULL, ttbr, iova, walk);
}

/* Window @i of @model: the M4U's, then each larb's. */
static struct lab_hw_window *model_window(struct lab_m4u_model *model, unsigned int i)
{
	return i ? &model->larbs[i - 1].window : &model->window;
}

static bool windows_overlap(const struct lab_hw_window *a, const struct lab_hw_window *b)
{
	return a->base < b->base + LAB_M4U_MODEL_REG_SIZE &&
	       b->base < a->base + LAB_M4U_MODEL_REG_SIZE;
}

/* Puts @model's windows in the list: -EBUSY if one overlaps a window there. */
static int model_windows_add(struct lab_m4u_model *model)
{
	struct lab_hw_window *other;
	unsigned long flags;
	unsigned int i, added;
	int ret = 0;

	spin_lock_irqsave(&lab_hw_lock, flags);
	for (added = 0; added <= model->nr_larbs; added++) {
		struct lab_hw_window *w = model_window(model, added);

		list_for_each_entry(other, &lab_hw_windows, node)
			if (windows_overlap(w, other))
				ret = -EBUSY;
		if (ret)
			break;
		list_add_tail(&w->node, &lab_hw_windows);
	}
	if (ret)
		for (i = 0; i < added; i++)
			list_del(&model_window(model, i)->node);
	spin_unlock_irqrestore(&lab_hw_lock, flags);
	return ret;
}

static void model_windows_del(struct lab_m4u_model *model)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&lab_hw_lock, flags);
	for (i = 0; i <= model->nr_larbs; i++)
		list_del(&model_window(model, i)->node);
	spin_unlock_irqrestore(&lab_hw_lock, flags);
}

static void window_init(struct lab_hw_window *w, phys_addr_t base, void *cookie,
			const char *name)
{
	w->base = base;
	w->cookie = cookie;
	w->name = name;
}

struct lab_m4u_model *lab_m4u_model_create(const struct lab_m4u_model_desc *desc)
{
	struct lab_m4u_model *model;
	unsigned int i;
	int ret;

	if (!desc->tlb_entries || desc->nr_larbs > LAB_M4U_MODEL_LARBS_MAX)
		return ERR_PTR(-EINVAL);
	model = kzalloc(struct_size(model, larbs, desc->nr_larbs), GFP_KERNEL);
	if (!model)
		return ERR_PTR(-ENOMEM);
	model->tlb = kcalloc(desc->tlb_entries, sizeof(*model->tlb), GFP_KERNEL);
	model->cookies = kcalloc(desc->nr_larbs + 1, LAB_M4U_MODEL_REG_SIZE, GFP_KERNEL);
	if (!model->tlb || !model->cookies) {
		ret = -ENOMEM;
		goto out_free;
	}

	strscpy(model->name, desc->name, sizeof(model->name));
	model->core = (struct m4u_core){
		.name = model->name, .ops = &lab_m4u_host_ops, .host = model,
		.has_irq = true, .four_gb = desc->four_gb,
	};
	m4u_tlb_init(&model->core.tlb, model->tlb, desc->tlb_entries);
	window_init(&model->window, desc->reg, model->cookies, model->name);
	model->window.m4u = &model->core;
	model->nr_larbs = desc->nr_larbs;
	for (i = 0; i < desc->nr_larbs; i++) {
		struct lab_m4u_larb *larb = &model->larbs[i];

		strscpy(larb->name, desc->larbs[i].name, sizeof(larb->name));
		larb->core = (struct smi_larb_core){
			.name = larb->name, .ops = &lab_m4u_host_ops, .host = model,
		};
		window_init(&larb->window, desc->larbs[i].reg,
			    model->cookies + (i + 1) * LAB_M4U_MODEL_REG_SIZE, larb->name);
		larb->window.larb = &larb->core;
	}

	model->irq = irq_alloc_desc(NUMA_NO_NODE);
	if (model->irq < 0) {
		ret = model->irq;
		goto out_free;
	}
	irq_set_chip_and_handler(model->irq, &dummy_irq_chip, handle_simple_irq);
	ret = model_windows_add(model);
	if (ret)
		goto out_free_irq;
	return model;

out_free_irq:
	irq_free_desc(model->irq);
out_free:
	kfree(model->cookies);
	kfree(model->tlb);
	kfree(model);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(lab_m4u_model_create);

void lab_m4u_model_destroy(struct lab_m4u_model *model)
{
	model_windows_del(model);
	irq_free_desc(model->irq);
	kfree(model->cookies);
	kfree(model->tlb);
	kfree(model);
}
EXPORT_SYMBOL_GPL(lab_m4u_model_destroy);

int lab_m4u_model_irq(const struct lab_m4u_model *model)
{
	return model->irq;
}
EXPORT_SYMBOL_GPL(lab_m4u_model_irq);

/*
 * Runs the handler while the line is high, as a level-triggered line is
 * serviced; after LAB_M4U_IRQ_STORM_LIMIT runs, the line is disabled with
 * the simulator's report of the storm (sim/base/irq.c): 6.1 would run a
 * handler that says IRQ_HANDLED for ever.
 */
static void model_service_irq(struct lab_m4u_model *model)
{
	struct irq_data *data = irq_get_irq_data(model->irq);
	unsigned int runs = 0;
	unsigned long flags;

	while (READ_ONCE(model->irq_level) && irq_has_action(model->irq) &&
	       !irqd_irq_disabled(data)) {
		local_irq_save(flags);
		generic_handle_irq(model->irq);
		local_irq_restore(flags);
		if (++runs >= LAB_M4U_IRQ_STORM_LIMIT) {
			pr_err("irq %d: storm: handled %u times in a row with the line still asserted; the simulator disables it (Linux would run the handler for ever)\n",
			       model->irq, runs);
			trace_irq_disabled(model->irq);
			disable_irq_nosync(model->irq);
			break;
		}
	}
}

int lab_m4u_model_access(struct lab_m4u_model *model, const char *master, u32 id,
			 u64 iova, u64 len, bool write, lab_m4u_piece_fn piece,
			 void *ctx)
{
	int troubled = 0;

	if (len && iova + len - 1 < iova)
		return -ERANGE;
	while (len) {
		struct sim_dma_xlate x = { .fill = 0xff };
		unsigned long flags;
		u64 n;

		spin_lock_irqsave(&lab_hw_lock, flags);
		m4u_translate(&model->core, master, id, iova, write, &x);
		spin_unlock_irqrestore(&lab_hw_lock, flags);
		n = min(x.len, len);
		if (x.kind == SIM_XLATE_FAULT || x.kind == SIM_XLATE_ABORT)
			troubled = 1;
		piece(ctx, iova, n, &x);
		iova += n;
		len -= n;
	}
	model_service_irq(model);
	return troubled;
}
EXPORT_SYMBOL_GPL(lab_m4u_model_access);
