/*
 * The VT-d-like IOMMU driver (drivers/iommu/intel/iommu.c, Linux 6.1):
 * one instance per DMAR unit node, registered with the IOMMU core, PCI
 * functions as masters with their requester ID as the source ID.  This
 * file holds the platform driver, of_xlate and the ops tables; each
 * callback a lab may ask for sits in a vtd_*.c file of its own.
 *
 * Probe brings the unit up in 6.1's order (alloc_iommu(), init_dmars(),
 * intel_iommu_init()): map the registers and read CAP/ECAP (the address
 * width is the widest SAGAW, snoop control is ECAP.SC), note whether
 * translation is already on (GSTS.TES: a kdump kernel, which copies the
 * old tables), allocate the root table and latch it, request the fault
 * interrupt, register with the core, and only then turn translation on.
 * 6.1's boot lines ("reg_base_addr ...", "Using Register based
 * invalidation", "Copied translation tables ...") are not printed: the
 * kernel log shows what happens after boot.
 *
 * DT properties of a unit node (compatible "iommu-lab,vtd") describe the
 * hardware model (sim/hw/vtd.c), which the driver only sees through
 * registers, except for one lab switch:
 *   iommu-lab,no-default-domain      this driver instance refuses DMA,
 *                                    DMA-FQ and identity domains
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "vtd.h"

static int vtd_of_xlate(struct device *dev, struct of_phandle_args *args)
{
	if (args->args_count != 1) {
		trace_vtd_of_xlate_cells(dev, args->args_count);
		return -EINVAL;
	}
	trace_vtd_of_xlate(dev, args->args[0]);
	return iommu_fwspec_add_ids(dev, args->args, 1);
}

static const struct iommu_domain_ops vtd_domain_ops = {
	.attach_dev		= vtd_attach_dev,
	.detach_dev		= vtd_detach_dev,
	.map_pages		= vtd_map_pages,
	.unmap_pages		= vtd_unmap_pages,
	.flush_iotlb_all	= vtd_flush_iotlb_all,
	.iotlb_sync		= vtd_iotlb_sync,
	.iova_to_phys		= vtd_iova_to_phys,
	.enforce_cache_coherency = vtd_enforce_cache_coherency,
	.free			= vtd_domain_free,
	LAB_DOMAIN_OPS_WALK(vtd_sim_walk)
};

/*
 * 6.1 starts every domain at 4 KiB pages and adds 2 MiB and 1 GiB when
 * the domain first meets a unit (domain_update_iommu_cap()); every
 * simulated unit has cap.SLLPS for both, as QEMU's intel-iommu does.
 */
/*
 * intel_iommu_capable(): DMA is always cache coherent, and interrupts are
 * remapped when IR is on, as QEMU's intel-iommu with intremap=on (the q35
 * boards' model) has it.
 */
static bool vtd_capable(struct device *dev, enum iommu_cap cap)
{
	return cap == IOMMU_CAP_CACHE_COHERENCY || cap == IOMMU_CAP_INTR_REMAP;
}

static const struct iommu_ops vtd_iommu_ops = {
	LAB_IOMMU_OPS_NAME("vtd-iommu")
	.capable		= vtd_capable,
	.domain_alloc		= vtd_domain_alloc,
	.probe_device		= vtd_probe_device,
	.release_device		= vtd_release_device,
	.probe_finalize		= vtd_probe_finalize,
	.device_group		= vtd_device_group,
	.get_resv_regions	= vtd_get_resv_regions,
	.of_xlate		= vtd_of_xlate,
	.is_attach_deferred	= vtd_is_attach_deferred,
	.default_domain_ops	= &vtd_domain_ops,
	.pgsize_bitmap		= SZ_4K,
};

/*
 * A unit with iommu-lab,no-default-domain registers these instead: the
 * same driver, except that it has no DMA, DMA-FQ or identity domains to
 * give, the way drivers were before their default-domain conversion, and
 * no probe_finalize, which the intel driver gained with that conversion:
 * its functions' DMA is set up as their drivers bind.  The
 * core allows one set of ops per machine, so such a unit cannot share a
 * board with ordinary ones (the second registers with -EBUSY).
 */
static const struct iommu_ops vtd_iommu_ops_no_default = {
	LAB_IOMMU_OPS_NAME("vtd-iommu")
	.capable		= vtd_capable,
	.domain_alloc		= vtd_domain_alloc_no_default,
	.probe_device		= vtd_probe_device,
	.release_device		= vtd_release_device,
	.device_group		= vtd_device_group,
	.get_resv_regions	= vtd_get_resv_regions,
	.of_xlate		= vtd_of_xlate,
	.is_attach_deferred	= vtd_is_attach_deferred,
	.default_domain_ops	= &vtd_domain_ops,
	.pgsize_bitmap		= SZ_4K,
};

bool vtd_is_vtd_ops(const struct iommu_ops *ops)
{
	return ops && (ops == &vtd_iommu_ops || ops == &vtd_iommu_ops_no_default);
}

/* The widest SAGAW up to 5 levels (6.1's iommu_calculate_agaw()); 0 if none. */
static unsigned int vtd_calculate_agaw(u64 cap)
{
	unsigned int sagaw = cap_sagaw(cap) & GENMASK(3, 1);

	return sagaw ? 31 - __builtin_clz(sagaw) : 0;
}

/* Maps the registers and reads what the unit is.  Returns 0 or -errno. */
static int vtd_map_unit(struct vtd_iommu *vtd)
{
	struct device *dev = vtd->dev;
	struct resource *res;
	u32 ver;

	res = platform_get_resource(to_platform_device(dev), IORESOURCE_MEM, 0);
	if (!res)
		return dev_err_probe(dev, -EINVAL, "no register window\n");
	vtd->reg = ioremap(res->start, resource_size(res));
	if (!vtd->reg)
		return dev_err_probe(dev, -ENOMEM, "Can't map the region\n");
	vtd->cap = readq(vtd->reg + DMAR_CAP_REG);
	vtd->ecap = readq(vtd->reg + DMAR_ECAP_REG);
	/* alloc_iommu()'s line (dmar.c); the unit's name is its label, dmar0 */
	ver = readl(vtd->reg + DMAR_VER_REG);
	pr_info("DMAR: %s: reg_base_addr %llx ver %d:%d cap %llx ecap %llx\n",
		dev_name(dev), (unsigned long long)res->start, DMAR_VER_MAJOR(ver),
		DMAR_VER_MINOR(ver), (unsigned long long)vtd->cap,
		(unsigned long long)vtd->ecap);
	vtd->agaw = vtd_calculate_agaw(vtd->cap);
	if (!vtd->agaw) {
		iounmap(vtd->reg);
		return dev_err_probe(dev, -ENODEV, "Cannot get a valid agaw");
	}
	vtd->width = vtd_levels_to_width(vtd->agaw + 2);
	vtd->levels = vtd->agaw + 2;
	vtd->snoop_control = ecap_sc_support(vtd->ecap);
	if (readl(vtd->reg + DMAR_GSTS_REG) & DMA_GSTS_TES) {
		vtd->translation_pre_enabled = true;
		vtd->gcmd |= DMA_GCMD_TE;
	}
	return 0;
}

static int vtd_iommu_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	const struct iommu_ops *ops;
	struct vtd_iommu *vtd;
	int ret;

	vtd = kzalloc(sizeof(*vtd), GFP_KERNEL);
	if (!vtd)
		return -ENOMEM;
	vtd->dev = dev;
	ret = vtd_map_unit(vtd);
	if (ret)
		goto out_free;
	vtd->no_default_domain =
		of_property_read_bool(dev->of_node, "iommu-lab,no-default-domain") ||
		lab_vtd_unmanaged_only(dev);
	/* DID 0 is reserved (caching mode tags invalid entries with it). */
	vtd->domain_ids[0] = BIT_ULL(0);

	/* init_dmars()'s lines; the unit's name is its label, dmar0 as in 6.1. */
	pr_info("DMAR: %s: Using Register based invalidation\n", dev_name(dev));
	ret = vtd_root_alloc(vtd);
	if (ret)
		goto out_unmap;
	/* A kdump kernel keeps the old kernel's context entries live. */
	if (vtd->translation_pre_enabled) {
		pr_info("DMAR: Translation already enabled - trying to copy translation structures\n");
		ret = vtd_copy_translation_tables(vtd);
		if (ret) {
			pr_err("DMAR: Failed to copy translation tables from previous kernel for %s\n",
			       dev_name(dev));
			goto out_free_root;
		}
		pr_info("DMAR: Copied translation tables from previous kernel for %s\n",
			dev_name(dev));
	}
	vtd_set_root_entry(vtd);
	ret = vtd_fault_irq_init(vtd);
	if (ret) {
		dev_err_probe(dev, ret, "cannot set up the fault interrupt");
		goto out_free_root;
	}
	dev_set_drvdata(dev, vtd);

	ops = vtd->no_default_domain ? &vtd_iommu_ops_no_default : &vtd_iommu_ops;
	ret = iommu_device_register(&vtd->iommu, ops, dev);
	if (ret)
		goto out_clear_drvdata;
	if (!vtd->translation_pre_enabled)
		vtd_enable_translation(vtd);
	pr_info("DMAR: Intel(R) Virtualization Technology for Directed I/O\n");
	return 0;

out_clear_drvdata:
	dev_set_drvdata(dev, NULL);
	devm_free_irq(dev, vtd->irq, vtd);
out_free_root:
	vtd_root_free(vtd);
out_unmap:
	iounmap(vtd->reg);
out_free:
	kfree(vtd);
	return ret;
}

static int vtd_iommu_remove(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct vtd_iommu *vtd = dev_get_drvdata(dev);

	iommu_device_unregister(&vtd->iommu);
	vtd_disable_translation(vtd);
	devm_free_irq(dev, vtd->irq, vtd);
	vtd_root_free(vtd);
	iounmap(vtd->reg);
	dev_set_drvdata(dev, NULL);
	kfree(vtd);
	return 0;
}

static const struct of_device_id vtd_iommu_of_ids[] = {
	{ .compatible = "iommu-lab,vtd" },
	{}
};

static struct platform_driver vtd_iommu_driver = {
	.probe = vtd_iommu_probe,
	.remove = vtd_iommu_remove,
	.driver = {
		.name = "vtd-iommu",
		.of_match_table = vtd_iommu_of_ids,
	},
};
module_platform_driver(vtd_iommu_driver);
