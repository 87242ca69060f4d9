/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-lab's software M4U: what its two modules share.
 *
 * iommu_lab_m4u.ko is the IOMMU driver, written like 6.1's mtk_iommu.c for
 * mt8173: the "mtk-iommu" platform driver that registers with the real
 * IOMMU core, its iommu_ops (probe_device, device_group, ...) and its
 * domains.  iommu_lab.ko is everything else: the board (the M4U, SMI and
 * larb platform devices), the masters `dev add` makes, the SMI and client
 * drivers, and the command file.
 *
 * They are two modules because the core pins the module that owns the
 * iommu_ops (try_module_get() in __iommu_probe_device(), one reference per
 * master it probed).  iommu_lab.ko made the masters, so it can unload and
 * take them away, after which nothing pins iommu_lab_m4u.ko.  One module
 * holding both would pin itself through its own masters, and rmmod would
 * say "in use".  Load iommu_lab_m4u.ko first; unload it last.
 *
 * The driver reports its callbacks through hooks that iommu_lab.ko sets,
 * so the driver module depends on nothing in the other.
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
	const char *(*domain_name)(struct iommu_domain *domain);
	/* @domain is being freed: its name is not to be given to another. */
	void (*domain_forget)(struct iommu_domain *domain);
};

/* lab_m4u_iommu.c, exported by iommu_lab_m4u.ko */

/*
 * The M4U's iommu_ops.  A master is the M4U's when its fwspec names
 * these ops: iommu_fwspec_init(dev, NULL, &lab_m4u_ops) and its "iommus"
 * cells with iommu_fwspec_add_ids(), before the device is added.
 */
extern const struct iommu_ops lab_m4u_ops;
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
