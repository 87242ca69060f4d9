// SPDX-License-Identifier: GPL-2.0
/*
 * iommu_lab_m4u.ko: kernel-lab's software M4U, an IOMMU driver for the
 * real Linux 6.1 IOMMU core shaped like mt8173's mtk_iommu.c (and like the
 * simulator's sim/drivers/mtk_iommu*.c, which is what it is compared
 * with).  There is no hardware: a domain's page table is kept in kernel
 * memory (lab_m4u_domain.c), which is all dma-iommu needs.
 *
 * The "mtk-iommu" platform driver binds the board's M4U device once every
 * larb it lists has a driver ("mm dts parse fail" until then, as 6.1 says),
 * adds the IOMMU to sysfs and registers it with the core.  The core then
 * offers it every device, on every bus (bus_iommu_probe()), and every
 * device added afterwards (its bus notifier); the M4U takes those whose
 * fwspec names its ops, and puts them all in one group.
 *
 * 6.1 enforces one IOMMU driver per machine, so this registers only where
 * none is (QEMU without -device intel-iommu), and never undoes that
 * itself: unbinding clears the buses' iommu_ops, as bus_set_iommu(NULL)
 * did before 6.1 removed it, so that nothing points into this module once
 * it is gone.
 */
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "lab_m4u.h"
#include "lab_m4u_driver.h"

/* The one registered M4U, as mtk_iommu.c's hw_list has one on mt8173. */
static struct lab_m4u *lab_m4u_instance;
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

const char *lab_m4u_domain_name(struct iommu_domain *domain)
{
	const struct lab_m4u_hooks *hooks = READ_ONCE(lab_m4u_hooks);

	return hooks ? hooks->domain_name(domain) : "dom?";
}

void lab_m4u_domain_forget(struct iommu_domain *domain)
{
	const struct lab_m4u_hooks *hooks = READ_ONCE(lab_m4u_hooks);

	if (hooks)
		hooks->domain_forget(domain);
}

/*
 * A master is the M4U's when its fwspec names these ops, and all its
 * ports sit behind one larb the M4U knows; it is linked to that larb, as
 * mtk_iommu_probe_device() does.  Everything else is -ENODEV: not ours.
 */
static struct iommu_device *lab_m4u_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct lab_m4u *m4u = READ_ONCE(lab_m4u_instance);
	unsigned int larbid, i;
	struct device *larb;

	if (!fwspec || fwspec->ops != &lab_m4u_ops || !m4u)
		return ERR_PTR(-ENODEV);
	larbid = LAB_M4U_TO_LARB(fwspec->ids[0]);
	for (i = 1; i < fwspec->num_ids; i++) {
		if (LAB_M4U_TO_LARB(fwspec->ids[i]) != larbid) {
			dev_err(dev, "can only use one larb, fail@larb%u-%u\n", larbid,
				LAB_M4U_TO_LARB(fwspec->ids[i]));
			goto out_inval;
		}
	}
	larb = larbid < m4u->pdata.nr_larbs ? m4u->pdata.larbs[larbid] : NULL;
	if (!larb)
		goto out_inval;
	dev_iommu_priv_set(dev, m4u);
	if (!device_link_add(dev, larb, DL_FLAG_PM_RUNTIME | DL_FLAG_STATELESS))
		dev_err(dev, "unable to link %s\n", dev_name(larb));
	trace_probe_device(dev, dev_name(m4u->dev));
	return &m4u->iommu;

out_inval:
	trace_probe_device_fail(dev, -EINVAL);
	return ERR_PTR(-EINVAL);
}

/*
 * The core lets go of the device: unlink it from its larb and, as
 * intel_iommu_release_device() does, take away the DMA ops that point at
 * a domain it is leaving.
 */
static void lab_m4u_release_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct lab_m4u *m4u = dev_iommu_priv_get(dev);
	unsigned int larbid = LAB_M4U_TO_LARB(fwspec->ids[0]);

	if (larbid < m4u->pdata.nr_larbs && m4u->pdata.larbs[larbid])
		device_link_remove(dev, m4u->pdata.larbs[larbid]);
	dev_iommu_priv_set(dev, NULL);
	set_dma_ops(dev, NULL);
}

/*
 * What of_dma_configure() leads to on arm64 for a master with no
 * dma-ranges: dma-iommu ops over the 32-bit space from 0, once the core
 * has attached the default domain.  On x86 the IOMMU driver does this
 * itself, as intel_iommu_probe_finalize() does.
 */
static void lab_m4u_probe_finalize(struct device *dev)
{
	iommu_setup_dma_ops(dev, 0, DMA_BIT_MASK(32));
}

/* The last master has left and the group is going: the next makes a new one. */
static void lab_m4u_group_release(void *iommu_data)
{
	struct lab_m4u *m4u = iommu_data;

	mutex_lock(&m4u->lock);
	trace_group_release(m4u->group_id);
	m4u->group = NULL;
	mutex_unlock(&m4u->lock);
}

/*
 * Every master shares the one page table, so every master is in one group:
 * the first makes it, the others take a reference to it.
 */
static struct iommu_group *lab_m4u_device_group(struct device *dev)
{
	struct lab_m4u *m4u = dev_iommu_priv_get(dev);
	struct iommu_group *group;

	mutex_lock(&m4u->lock);
	group = m4u->group;
	if (group) {
		iommu_group_ref_get(group);
	} else {
		group = iommu_group_alloc();
		if (!IS_ERR(group)) {
			m4u->group = group;
			m4u->group_id = iommu_group_id(group);
			iommu_group_set_iommudata(group, m4u, lab_m4u_group_release);
			trace_group_alloc(m4u->group_id);
		}
	}
	mutex_unlock(&m4u->lock);
	if (IS_ERR(group))
		trace_device_group_fail(dev, PTR_ERR(group));
	else
		trace_device_group(dev, iommu_group_id(group));
	return group;
}

const struct iommu_ops lab_m4u_ops = {
	.domain_alloc = lab_m4u_domain_alloc,
	.probe_device = lab_m4u_probe_device,
	.release_device = lab_m4u_release_device,
	.probe_finalize = lab_m4u_probe_finalize,
	.device_group = lab_m4u_device_group,
	.pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M,
	.owner = THIS_MODULE,
	.default_domain_ops = &lab_m4u_domain_ops,
};
EXPORT_SYMBOL_GPL(lab_m4u_ops);

/*
 * 6.1's iommu_device_register() points every IOMMU-capable bus at the ops
 * it is given, and nothing points them back; before 6.1 that was
 * bus_set_iommu(bus, NULL).  Without this the buses would keep pointers
 * into a module that may be unloaded.  On x86 the buses are these two.
 */
static void lab_m4u_clear_bus_ops(void)
{
	if (platform_bus_type.iommu_ops == &lab_m4u_ops)
		platform_bus_type.iommu_ops = NULL;
#ifdef CONFIG_PCI
	if (pci_bus_type.iommu_ops == &lab_m4u_ops)
		pci_bus_type.iommu_ops = NULL;
#endif
}

/* mtk_iommu_mm_dts_parse()'s wait: every larb must have its driver. */
static bool lab_m4u_larbs_ready(const struct lab_m4u_pdata *pdata)
{
	unsigned int i;

	for (i = 0; i < pdata->nr_larbs; i++)
		if (pdata->larbs[i] && !READ_ONCE(pdata->larbs[i]->driver))
			return false;
	return true;
}

static int lab_m4u_probe(struct platform_device *pdev)
{
	const struct lab_m4u_pdata *pdata = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct lab_m4u *m4u;
	char reason[64];
	int ret;

	if (!pdata || !pdata->smi_common || pdata->nr_larbs > LAB_M4U_LARB_NR_MAX)
		return -EINVAL;
	if (!lab_m4u_larbs_ready(pdata)) {
		ret = dev_err_probe(dev, -EPROBE_DEFER, "mm dts parse fail\n");
		snprintf(reason, sizeof(reason), "%s: mm dts parse fail", dev->driver->name);
		trace_probe_defer(dev, dev->driver->name, reason);
		return ret;
	}
	if (READ_ONCE(lab_m4u_instance))
		return -EBUSY;
	m4u = kzalloc(sizeof(*m4u), GFP_KERNEL);
	if (!m4u)
		return -ENOMEM;
	m4u->dev = dev;
	m4u->pdata = *pdata;
	mutex_init(&m4u->lock);
	/* smi-common powers with the M4U: 6.1 links it as the M4U's consumer. */
	if (!device_link_add(pdata->smi_common, dev, DL_FLAG_STATELESS | DL_FLAG_PM_RUNTIME)) {
		ret = -EINVAL;
		goto out_free;
	}
	/* The core links each master to this in sysfs: it must exist first. */
	ret = iommu_device_sysfs_add(&m4u->iommu, dev, NULL, "mtk-iommu.%pa", &pdata->reg);
	if (ret)
		goto out_unlink;
	platform_set_drvdata(pdev, m4u);
	WRITE_ONCE(lab_m4u_instance, m4u);
	trace_iommu_register(dev_name(dev), "mtk-iommu");
	ret = iommu_device_register(&m4u->iommu, &lab_m4u_ops, dev);
	if (ret)
		goto out_forget;
	trace_bind(dev, dev->driver->name);
	return 0;

out_forget:
	WRITE_ONCE(lab_m4u_instance, NULL);
	lab_m4u_clear_bus_ops();
	platform_set_drvdata(pdev, NULL);
	iommu_device_sysfs_remove(&m4u->iommu);
out_unlink:
	device_link_remove(pdata->smi_common, dev);
out_free:
	kfree(m4u);
	return ret;
}

/*
 * Unregistering releases every master from the core (release_device, out
 * of the group; the group and its default domain go with the last one).
 */
static int lab_m4u_remove(struct platform_device *pdev)
{
	struct lab_m4u *m4u = platform_get_drvdata(pdev);

	iommu_device_unregister(&m4u->iommu);
	trace_iommu_unregister(dev_name(m4u->dev));
	lab_m4u_clear_bus_ops();
	WRITE_ONCE(lab_m4u_instance, NULL);
	iommu_device_sysfs_remove(&m4u->iommu);
	device_link_remove(m4u->pdata.smi_common, m4u->dev);
	trace_unbind(m4u->dev, m4u->dev->driver->name);
	kfree(m4u);
	return 0;
}

/* The simulator's name, so that traces and `dev show` agree. */
static struct platform_driver lab_m4u_driver = {
	.probe = lab_m4u_probe,
	.remove = lab_m4u_remove,
	.driver = {
		.name = "mtk-iommu",
		.suppress_bind_attrs = true,
	},
};

int lab_m4u_driver_register(void)
{
	return platform_driver_register(&lab_m4u_driver);
}
EXPORT_SYMBOL_GPL(lab_m4u_driver_register);

void lab_m4u_driver_unregister(void)
{
	platform_driver_unregister(&lab_m4u_driver);
}
EXPORT_SYMBOL_GPL(lab_m4u_driver_unregister);

MODULE_DESCRIPTION("iommu-lab: a software M4U IOMMU driver for the real IOMMU core (kernel-lab)");
MODULE_LICENSE("GPL");
