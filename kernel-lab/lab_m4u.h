/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-lab's software M4U: what its two modules share.
 *
 * iommu_lab_m4u.ko is the M4U: the simulator's mtk_iommu driver
 * (lab_m4u_module.c says how it is built).  iommu_lab.ko is everything
 * else: the board (the M4U, SMI and larb platform devices), the masters
 * `dev add` makes, the SMI and client drivers, the command file, and the
 * trace, which hears the IOMMU core's calls into the driver through
 * kprobes (lab_m4u_probes.c).  The driver's own events and domain names go
 * through hooks that iommu_lab.ko sets, so that the M4U module depends on
 * nothing in the other.
 */
#ifndef KERNEL_LAB_LAB_M4U_H
#define KERNEL_LAB_LAB_M4U_H

#include <linux/iommu.h>
#include <linux/stdarg.h>
#include <linux/types.h>

/*
 * An "iommus" cell, as in mt8173's binding: bits 9..5 the larb, 4..0 the
 * port (include/dt-bindings/memory/mt8173-larb-port.h).
 */
#define LAB_M4U_TO_LARB(id)	(((id) >> 5) & 0x1f)
#define LAB_M4U_TO_PORT(id)	((id) & 0x1f)
#define LAB_M4U_LARB_NR_MAX	32

/*
 * What the board tells the M4U's driver, in place of the device tree's
 * "reg" and "mediatek,larbs": larb N is larbs[N].
 */
struct lab_m4u_pdata {
	phys_addr_t reg;
	struct device *smi_common;
	struct device *larbs[LAB_M4U_LARB_NR_MAX];
	unsigned int nr_larbs;
};

/* How the driver reports, set by iommu_lab.ko (lab_m4u_trace.c). */
struct lab_m4u_hooks {
	/* Records "EVENT ARGS" in the trace (the simulator's event names). */
	__printf(2, 0) void (*trace)(const char *event, const char *fmt, va_list ap);
	/* The name @domain goes by: dom0, dom1, ... in order of allocation. */
	const char *(*domain_name)(const struct iommu_domain *domain);
	/*
	 * The M4U binds a larb (mtk_smi_larb_bind(), which 6.1's component
	 * framework calls): its port bits are at @mmu from now on; and
	 * unbinds it.  The larb driver is iommu_lab.ko's.
	 */
	void (*larb_bind)(struct device *larbdev, unsigned int *mmu);
	void (*larb_unbind)(struct device *larbdev);
};

/* lab_m4u_module.c, exported by iommu_lab_m4u.ko */

/*
 * The M4U driver's iommu_ops (sim/drivers/mtk_iommu.c).  A master is the
 * M4U's when its fwspec names these ops: the board gives it
 * iommu_fwspec_init(dev, NULL, &mtk_iommu_ops) and hands its "iommus"
 * cells to ops->of_xlate, before the device is added.
 */
extern const struct iommu_ops mtk_iommu_ops;
/* Registers or unregisters the "mtk-iommu" platform driver. */
int lab_m4u_driver_register(void);
void lab_m4u_driver_unregister(void);
/* Sets the hooks, or with NULL stops reporting. */
void lab_m4u_set_hooks(const struct lab_m4u_hooks *hooks);

/* "DMA", "DMA-FQ", "identity", "unmanaged", "blocked", as the console says. */
static inline const char *lab_domain_type_name(unsigned int type)
{
	switch (type) {
	case IOMMU_DOMAIN_BLOCKED:
		return "blocked";
	case IOMMU_DOMAIN_IDENTITY:
		return "identity";
	case IOMMU_DOMAIN_UNMANAGED:
		return "unmanaged";
	case IOMMU_DOMAIN_DMA:
		return "DMA";
	case IOMMU_DOMAIN_DMA_FQ:
		return "DMA-FQ";
	default:
		return "unknown";
	}
}

#endif
