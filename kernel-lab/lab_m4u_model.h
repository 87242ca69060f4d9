/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-lab's host of the project's M4U and SMI larb models: the
 * simulator's model core (sim/include/sim/m4u-core.h), compiled into the
 * module, backed by a kernel buffer for each register window, a real
 * Linux interrupt and the machine's real memory.  The board
 * (lab_m4u_board.c) makes one for its M4U and larbs; the shared drivers
 * reach its registers through lab_hw_readl() and lab_hw_writel(), and
 * `dma read|write` sends a master's access through it.
 *
 * It belongs in iommu_lab_m4u.ko, beside the M4U driver that calls
 * lab_hw_readl() and lab_m4u_pgtable_walk(); iommu_lab.ko, which already
 * depends on that module, uses the rest.
 */
#ifndef KERNEL_LAB_LAB_M4U_MODEL_H
#define KERNEL_LAB_LAB_M4U_MODEL_H

#include <linux/types.h>
#include <sim/dma-xlate.h>

struct device;
struct platform_device;
struct resource;

/* Every register window of the models: the M4U's and each larb's "reg" size. */
#define LAB_M4U_MODEL_REG_SIZE	0x1000

/* A larb, as the M4U's "mediatek,larbs" lists it. */
struct lab_m4u_model_larb {
	const char *name;		/* the larb device's: "larb0" */
	phys_addr_t reg;		/* where the board says its registers are */
};

/* The board's M4U, as sim/boards/kernel-lab-m4u.dts describes it. */
struct lab_m4u_model_desc {
	const char *name;		/* the M4U device's: "iommu" */
	phys_addr_t reg;
	/* TLB entries, at least 1: the simulator's m4u.tlb_entries is 32 */
	unsigned int tlb_entries;
	/* the driver's enable_4GB: M4U outputs from 5 GiB up alias 1 GiB */
	bool four_gb;
	unsigned int nr_larbs;		/* at most 32 */
	const struct lab_m4u_model_larb *larbs;	/* larb N is larbs[N] */
};

struct lab_m4u_model;

/*
 * Makes the models of @desc's M4U and larbs, their register windows and
 * the M4U's interrupt.  The names are copied.  Returns the model, or
 * ERR_PTR(-EINVAL) for a bad @desc, -EBUSY when a window overlaps another
 * model's, -ENOMEM, or the interrupt allocator's errno.
 */
struct lab_m4u_model *lab_m4u_model_create(const struct lab_m4u_model_desc *desc);
/*
 * Takes it all down.  The drivers must have let go first: no mapping of
 * a window in use, no handler on the interrupt.
 */
void lab_m4u_model_destroy(struct lab_m4u_model *model);
/*
 * The M4U's interrupt: a Linux IRQ number for the M4U device's
 * IORESOURCE_IRQ, which platform_get_irq() gives the driver for
 * devm_request_irq().  Level-triggered as the hardware's: a translation
 * fault with the interrupt enabled raises it, INT_CONTROL0's clear bit
 * lowers it, and the handler runs while it is high.
 */
int lab_m4u_model_irq(const struct lab_m4u_model *model);

/*
 * Called for each piece of an access, in order: @len bytes at @iova land
 * where @x says.  BYPASS, TLB_HIT, TLB_MISS: at x->pa; FAULT: in the
 * protect buffer at x->pa, x->page_size bytes that the piece goes round
 * and round; ABORT: nowhere, a read gets x->fill.  The callback moves the
 * bytes (phys_to_virt()); the model holds no lock meanwhile.
 */
typedef void (*lab_m4u_piece_fn)(void *ctx, u64 iova, u64 len,
				 const struct sim_dma_xlate *x);

/*
 * @master's access of @len bytes at @iova, a read or a write, through
 * the port its "iommus" cell @id names (larb << 5 | port): the larb's
 * MMU_EN bit, then the M4U's TLB and walker, piece by piece, with the
 * simulator's trace events (tlb_hit, tlb_miss, m4u_fault).  A fault the
 * access makes latches the fault registers; its interrupt is taken once
 * the whole access is over, as the simulator's sim_dma_access() takes it.
 * Returns 0 when every piece reached memory untroubled, 1 when some
 * faulted or aborted, -ERANGE when the access wraps the address space.
 */
int lab_m4u_model_access(struct lab_m4u_model *model, const char *master, u32 id,
			 u64 iova, u64 len, bool write, lab_m4u_piece_fn piece,
			 void *ctx);

/*
 * Register windows, in place of ioremap() for the models' registers: the
 * model's window that holds [@base, @base + @size), as a cookie that only
 * lab_hw_readl() and lab_hw_writel() understand; NULL if no model has it.
 * Nothing to unmap.
 */
void __iomem *lab_hw_ioremap(phys_addr_t base, size_t size);
/*
 * devm_ioremap_resource() and devm_platform_ioremap_resource() that give
 * a model's window when a model has the resource, else call the real ones
 * (their results and errors).
 */
void __iomem *lab_hw_devm_ioremap_resource(struct device *dev,
					   const struct resource *res);
void __iomem *lab_hw_devm_platform_ioremap_resource(struct platform_device *pdev,
						    unsigned int index);
/*
 * readl() and writel() that a model answers when @addr is in one of its
 * windows, with the simulator's register semantics and guest errors;
 * anything else goes to the real readl() and writel().
 */
u32 lab_hw_readl(const volatile void __iomem *addr);
void lab_hw_writel(u32 value, volatile void __iomem *addr);

/*
 * The M4U's walk of @iova through the level-1 table at @ttbr in real
 * memory, as the hardware makes it (the M4U driver's walk for `pgtable`,
 * declared by compat/lab_compat.h).  No model needed: @m4udev is unused.
 */
struct sim_pgtable_walk;
void lab_m4u_pgtable_walk(struct device *m4udev, u32 ttbr, u32 iova,
			  struct sim_pgtable_walk *walk);

#endif
