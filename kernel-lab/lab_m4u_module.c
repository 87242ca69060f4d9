// SPDX-License-Identifier: GPL-2.0
/*
 * iommu_lab_m4u.ko: the software M4U, for the real Linux 6.1 IOMMU core.
 * Its driver is the simulator's own, sim/drivers/mtk_iommu*.c, built
 * unchanged against the kernel's headers with kernel-lab's compat header
 * (compat/lab_compat.h); lab_m4u_of.c stands in for the device tree x86
 * has not.  This file is what the module adds around them: the driver's
 * registration, which `drv load` asks for, and the hooks through which
 * the driver's trace events, domain names and larb binds reach
 * iommu_lab.ko.
 *
 * Two modules, because the core pins the module that owns the iommu_ops
 * (try_module_get() in __iommu_probe_device(), one reference per master
 * it probed).  iommu_lab.ko made the masters, so it can unload and take
 * them away, after which nothing pins this one.  One module holding both
 * would pin itself through its own masters, and rmmod would say "in use".
 * Load this one first; unload it last.
 */
#include <linux/module.h>
#include <linux/platform_device.h>

#include "mtk_iommu.h"
#include "lab_m4u.h"

/* The driver mtk_iommu.c hands over (module_platform_driver(), compat/lab_compat.h). */
extern struct platform_driver *const lab_driver_mtk_iommu_driver;

static const struct lab_m4u_hooks *lab_m4u_hooks;

void lab_m4u_set_hooks(const struct lab_m4u_hooks *hooks)
{
	WRITE_ONCE(lab_m4u_hooks, hooks);
}
EXPORT_SYMBOL_GPL(lab_m4u_set_hooks);

void lab_trace_event(const char *event, const char *fmt, ...)
{
	const struct lab_m4u_hooks *hooks = READ_ONCE(lab_m4u_hooks);
	va_list ap;

	if (!hooks)
		return;
	va_start(ap, fmt);
	hooks->trace(event, fmt, ap);
	va_end(ap);
}

const char *lab_domain_name(const struct iommu_domain *domain)
{
	const struct lab_m4u_hooks *hooks = READ_ONCE(lab_m4u_hooks);

	return hooks ? hooks->domain_name(domain) : "dom?";
}

void mtk_smi_larb_bind(struct device *larbdev, unsigned int *mmu)
{
	const struct lab_m4u_hooks *hooks = READ_ONCE(lab_m4u_hooks);

	if (hooks)
		hooks->larb_bind(larbdev, mmu);
}

void mtk_smi_larb_unbind(struct device *larbdev)
{
	const struct lab_m4u_hooks *hooks = READ_ONCE(lab_m4u_hooks);

	if (hooks)
		hooks->larb_unbind(larbdev);
}

int lab_m4u_driver_register(void)
{
	return platform_driver_register(lab_driver_mtk_iommu_driver);
}
EXPORT_SYMBOL_GPL(lab_m4u_driver_register);

void lab_m4u_driver_unregister(void)
{
	platform_driver_unregister(lab_driver_mtk_iommu_driver);
}
EXPORT_SYMBOL_GPL(lab_m4u_driver_unregister);

/* What iommu_lab.ko's board gives a master's fwspec. */
EXPORT_SYMBOL_GPL(mtk_iommu_ops);

MODULE_DESCRIPTION("iommu-lab: the simulator's M4U driver on the real IOMMU core (kernel-lab)");
MODULE_LICENSE("GPL");
