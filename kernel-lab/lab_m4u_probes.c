// SPDX-License-Identifier: GPL-2.0
/*
 * The simulator's IOMMU-core events for the software M4U, heard on the
 * real kernel through kprobes.
 *
 * The simulator's core records probe_device, device_group, group_alloc,
 * domain_alloc, attach_device_to_domain and the rest where it calls the
 * driver; 6.1's core has tracepoints for four of them only, and without
 * the domain.  The M4U driver in iommu_lab_m4u.ko is the simulator's own
 * (sim/drivers/mtk_iommu*.c), which leaves the reporting to the core, so
 * kernel-lab listens where the core calls it: a kretprobe on each callback
 * the simulator's core reports, and on the core's iommu_device_register(),
 * iommu_device_unregister(), iommu_group_alloc() and group release.  The
 * M4U's probe and remove stand for the driver core's bind, probe_defer,
 * probe_fail and unbind (lab_m4u_trace.c says why a driver's own probe is
 * the place), and the deferral's reason is the one dev_err_probe() hands
 * the driver core.
 *
 * Handlers run with preemption off: they only format and record.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <trace/events/iommu_lab.h>

#include "lab.h"
#include "lab_m4u.h"

#define M4U_MOD		"iommu_lab_m4u:"
#define M4U_DRV		"mtk-iommu"

/* What an entry handler keeps for its return handler. */
struct probe_args {
	unsigned long arg[3];
};

#define ARG(regs, n)	regs_get_kernel_argument(regs, n)

static int save_args(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct probe_args *a = (struct probe_args *)ri->data;
	int i;

	for (i = 0; i < ARRAY_SIZE(a->arg); i++)
		a->arg[i] = ARG(regs, i);
	return 0;
}

static unsigned long saved(struct kretprobe_instance *ri, int n)
{
	return ((struct probe_args *)ri->data)->arg[n];
}

/* The name of an IOMMU instance: its hardware device's, as the simulator's. */
static const char *iommu_name(struct iommu_device *iommu)
{
	struct device *dev = iommu->dev;

	if (dev && dev->parent)
		return dev_name(dev->parent);
	return "-";
}

/* Who asks for @type in 6.1, as the simulator's domain_alloc says "for=". */
static const char *domain_purpose(unsigned int type)
{
	switch (type) {
	case IOMMU_DOMAIN_UNMANAGED:
		return "user";
	case IOMMU_DOMAIN_BLOCKED:
		return "blocking";
	default:
		return "default";
	}
}

/*
 * The last deferral reason dev_err_probe() gave the driver core for the
 * device being probed by the M4U driver ("mtk-iommu: mm dts parse fail"),
 * its newline dropped as the simulator drops it.
 */
static DEFINE_SPINLOCK(reason_lock);
static char defer_reason[128];
static const void *defer_dev;

static int on_deferred_reason(struct kprobe *kp, struct pt_regs *regs)
{
	struct device *dev = (struct device *)ARG(regs, 0);
	struct va_format *vaf = (struct va_format *)ARG(regs, 1);
	unsigned long flags;
	size_t len;

	if (!dev->driver || strcmp(dev->driver->name, M4U_DRV))
		return 0;
	spin_lock_irqsave(&reason_lock, flags);
	scnprintf(defer_reason, sizeof(defer_reason), "%s: %pV", M4U_DRV, vaf);
	len = strlen(defer_reason);
	if (len && defer_reason[len - 1] == '\n')
		defer_reason[len - 1] = '\0';
	defer_dev = dev;
	spin_unlock_irqrestore(&reason_lock, flags);
	return 0;
}

static int on_m4u_probe(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct device *dev = &((struct platform_device *)saved(ri, 0))->dev;
	int ret = regs_return_value(regs);
	char reason[sizeof(defer_reason)] = "";
	unsigned long flags;

	if (!ret) {
		trace_bind(dev, M4U_DRV);
		lab_m4u_note_bind(dev);
	} else if (ret == -EPROBE_DEFER) {
		spin_lock_irqsave(&reason_lock, flags);
		if (defer_dev == dev)
			strscpy(reason, defer_reason, sizeof(reason));
		defer_dev = NULL;
		spin_unlock_irqrestore(&reason_lock, flags);
		trace_probe_defer(dev, M4U_DRV, reason);
	} else {
		trace_probe_fail(dev, M4U_DRV, ret);
		lab_m4u_note_probe_fail(dev, ret);
	}
	return 0;
}

static int on_m4u_remove(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	trace_unbind(&((struct platform_device *)saved(ri, 0))->dev, M4U_DRV);
	return 0;
}

static int on_iommu_register(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct device *hwdev = (struct device *)ARG(regs, 2);
	const struct iommu_ops *ops = (const struct iommu_ops *)ARG(regs, 1);

	if (ops == &mtk_iommu_ops)
		trace_iommu_register(hwdev ? dev_name(hwdev) : "-", M4U_DRV);
	return 0;
}

static int on_iommu_unregister(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct iommu_device *iommu = (struct iommu_device *)ARG(regs, 0);
	struct probe_args *a = (struct probe_args *)ri->data;

	/* the name, while the sysfs device still has its parent */
	a->arg[0] = (unsigned long)(iommu->ops == &mtk_iommu_ops ? iommu_name(iommu) : NULL);
	return 0;
}

static int on_iommu_unregistered(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	const char *name = (const char *)saved(ri, 0);

	if (name)
		trace_iommu_unregister(name);
	return 0;
}

static int on_probe_device(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct device *dev = (struct device *)saved(ri, 0);
	struct iommu_device *iommu = (struct iommu_device *)regs_return_value(regs);

	if (!IS_ERR(iommu))
		trace_probe_device(dev, iommu_name(iommu));
	else if (PTR_ERR(iommu) != -ENODEV)
		trace_probe_device_fail(dev, PTR_ERR(iommu));
	return 0;
}

static int on_device_group(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct device *dev = (struct device *)saved(ri, 0);
	struct iommu_group *group = (struct iommu_group *)regs_return_value(regs);

	if (IS_ERR_OR_NULL(group))
		trace_device_group_fail(dev, group ? PTR_ERR(group) : -EINVAL);
	else
		trace_device_group(dev, iommu_group_id(group));
	return 0;
}

static int on_group_alloc(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct iommu_group *group = (struct iommu_group *)regs_return_value(regs);

	if (!IS_ERR_OR_NULL(group))
		trace_group_alloc(iommu_group_id(group));
	return 0;
}

/* iommu_group_release(kobj): the group's kobject is named by its number. */
static int on_group_release(struct kprobe *kp, struct pt_regs *regs)
{
	struct kobject *kobj = (struct kobject *)ARG(regs, 0);
	int id;

	if (!kstrtoint(kobject_name(kobj), 10, &id))
		trace_group_release(id);
	return 0;
}

static int on_domain_alloc(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned int type = saved(ri, 0);
	struct iommu_domain *domain = (struct iommu_domain *)regs_return_value(regs);

	if (!domain)
		trace_domain_alloc_none(lab_domain_type_name(type), domain_purpose(type));
	else
		trace_domain_alloc(lab_domain_name(domain), lab_domain_type_name(type),
				   domain_purpose(type));
	return 0;
}

static int on_domain_free(struct kprobe *kp, struct pt_regs *regs)
{
	struct iommu_domain *domain = (struct iommu_domain *)ARG(regs, 0);

	trace_domain_free(lab_domain_name(domain));
	lab_domain_forget(domain);
	return 0;
}

static int on_attach(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct iommu_domain *domain = (struct iommu_domain *)saved(ri, 0);
	struct device *dev = (struct device *)saved(ri, 1);

	trace_attach_device_to_domain(dev, lab_domain_name(domain),
				      (int)regs_return_value(regs));
	return 0;
}

static int on_detach(struct kprobe *kp, struct pt_regs *regs)
{
	struct iommu_domain *domain = (struct iommu_domain *)ARG(regs, 0);
	struct device *dev = (struct device *)ARG(regs, 1);

	trace_detach_device_from_domain(dev, lab_domain_name(domain));
	return 0;
}

#define RETPROBE(sym, entry, ret)	{					\
	.kp.symbol_name = (sym), .entry_handler = (entry), .handler = (ret),	\
	.data_size = sizeof(struct probe_args), .maxactive = 16,		\
}

static struct kretprobe retprobes[] = {
	RETPROBE("iommu_device_register", on_iommu_register, NULL),
	RETPROBE("iommu_device_unregister", on_iommu_unregister, on_iommu_unregistered),
	RETPROBE("iommu_group_alloc", NULL, on_group_alloc),
	RETPROBE(M4U_MOD "mtk_iommu_probe", save_args, on_m4u_probe),
	RETPROBE(M4U_MOD "mtk_iommu_remove", save_args, on_m4u_remove),
	RETPROBE(M4U_MOD "mtk_iommu_probe_device", save_args, on_probe_device),
	RETPROBE(M4U_MOD "mtk_iommu_device_group", save_args, on_device_group),
	RETPROBE(M4U_MOD "mtk_iommu_domain_alloc", save_args, on_domain_alloc),
	RETPROBE(M4U_MOD "mtk_iommu_attach_device", save_args, on_attach),
};

static struct kprobe probes[] = {
	{ .symbol_name = "device_set_deferred_probe_reason", .pre_handler = on_deferred_reason },
	{ .symbol_name = "iommu_group_release", .pre_handler = on_group_release },
	{ .symbol_name = M4U_MOD "mtk_iommu_domain_free", .pre_handler = on_domain_free },
	{ .symbol_name = M4U_MOD "mtk_iommu_detach_device", .pre_handler = on_detach },
};

static struct kretprobe *retprobe_ptrs[ARRAY_SIZE(retprobes)];
static struct kprobe *probe_ptrs[ARRAY_SIZE(probes)];

int lab_m4u_probes_register(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(retprobes); i++)
		retprobe_ptrs[i] = &retprobes[i];
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		probe_ptrs[i] = &probes[i];
	ret = register_kretprobes(retprobe_ptrs, ARRAY_SIZE(retprobe_ptrs));
	if (ret) {
		pr_err("iommu-lab: cannot probe the M4U driver's callbacks (%d)\n", ret);
		return ret;
	}
	ret = register_kprobes(probe_ptrs, ARRAY_SIZE(probe_ptrs));
	if (ret) {
		pr_err("iommu-lab: cannot probe the M4U driver's callbacks (%d)\n", ret);
		unregister_kretprobes(retprobe_ptrs, ARRAY_SIZE(retprobe_ptrs));
	}
	return ret;
}

void lab_m4u_probes_unregister(void)
{
	unregister_kprobes(probe_ptrs, ARRAY_SIZE(probe_ptrs));
	unregister_kretprobes(retprobe_ptrs, ARRAY_SIZE(retprobe_ptrs));
}
