/*
 * The VT-d-like IOMMU driver (drivers/iommu/intel/iommu.c, Linux 6.1):
 * one instance per DMAR unit node, registered with the IOMMU core, PCI
 * functions as masters with their requester ID as the source ID.  This
 * file holds the platform driver, of_xlate and the ops tables; each
 * callback a lab may ask for sits in a vtd_*.c file of its own.
 *
 * DT properties of a unit node (compatible "iommu-lab,vtd"):
 *   iommu-lab,address-width          39 (default, QEMU 7.2's aw-bits) or 48
 *   iommu-lab,snoop-control          ecap.SC: enforce_cache_coherency works
 *   iommu-lab,translation-pre-enabled firmware or a crashed kernel left
 *                                    translation on (kdump): attach deferred
 *   iommu-lab,no-default-domain      lab only: the instance refuses DMA,
 *                                    DMA-FQ and identity domains
 */
#include <stdlib.h>

#include <sim/err.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/of.h>
#include <sim/sim.h>

#include "builtin.h"
#include "vtd.h"

static int vtd_of_xlate(struct device *dev, struct of_phandle_args *args)
{
	if (args->args_count != 1) {
		sim_trace(dev->sim, "of_xlate", "dev=%s ret=-EINVAL cells=%d",
			  dev_name(dev), args->args_count);
		return -EINVAL;
	}
	sim_trace(dev->sim, "of_xlate", "dev=%s id=0x%x", dev_name(dev),
		  args->args[0]);
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
};

/*
 * 6.1 starts every domain at 4 KiB pages and adds 2 MiB and 1 GiB when
 * the domain first meets a unit (domain_update_iommu_cap()); every
 * simulated unit has cap.SLLPS for both, as QEMU's intel-iommu does.
 */
static const struct iommu_ops vtd_iommu_ops = {
	.name			= "vtd-iommu",
	.domain_alloc		= vtd_domain_alloc,
	.probe_device		= vtd_probe_device,
	.release_device		= vtd_release_device,
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
 * give, the way drivers were before their default-domain conversion.  The
 * core allows one set of ops per machine, so such a unit cannot share a
 * board with ordinary ones (the second registers with -EBUSY).
 */
static const struct iommu_ops vtd_iommu_ops_no_default = {
	.name			= "vtd-iommu",
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

static int vtd_iommu_probe(struct device *dev)
{
	struct device_node *np = dev->of_node;
	const struct iommu_ops *ops;
	struct vtd_iommu *vtd;
	int ret;

	vtd = calloc(1, sizeof(*vtd));
	if (!vtd)
		return -ENOMEM;
	vtd->dev = dev;
	if (of_property_read_u32(np, "iommu-lab,address-width", &vtd->width))
		vtd->width = 39;
	/* QEMU's aw-bits takes 39 or 48: SAGAW 3-level, or 3- and 4-level. */
	if (vtd->width != 39 && vtd->width != 48) {
		ret = dev_err_probe(dev, -EINVAL, "address width %u not 39 or 48",
				    vtd->width);
		goto out_free;
	}
	vtd->levels = vtd_width_to_levels(vtd->width);
	vtd->snoop_control = of_property_read_bool(np, "iommu-lab,snoop-control");
	vtd->translation_pre_enabled =
		of_property_read_bool(np, "iommu-lab,translation-pre-enabled");
	vtd->no_default_domain =
		of_property_read_bool(np, "iommu-lab,no-default-domain");
	/* DID 0 is reserved (caching mode tags invalid entries with it). */
	vtd->domain_ids[0] = BIT_ULL(0);
	dev_set_drvdata(dev, vtd);

	/* A kdump kernel keeps the old kernel's context entries live. */
	if (vtd->translation_pre_enabled)
		sim_trace(dev->sim, "vtd_copy_tables", "dev=%s", dev_name(dev));

	ops = vtd->no_default_domain ? &vtd_iommu_ops_no_default : &vtd_iommu_ops;
	ret = iommu_device_register(dev->sim, &vtd->iommu, ops, dev);
	if (ret)
		goto out_clear_drvdata;
	return 0;

out_clear_drvdata:
	dev_set_drvdata(dev, NULL);
out_free:
	free(vtd);
	return ret;
}

static void vtd_iommu_remove(struct device *dev)
{
	struct vtd_iommu *vtd = dev_get_drvdata(dev);

	iommu_device_unregister(&vtd->iommu);
	dev_set_drvdata(dev, NULL);
	free(vtd);
}

static const char *const vtd_iommu_ids[] = {
	"iommu-lab,vtd",
	NULL
};

const struct device_driver vtd_iommu_driver = {
	.name = "vtd-iommu",
	.bus = &platform_bus_type,
	.of_match = vtd_iommu_ids,
	.probe = vtd_iommu_probe,
	.remove = vtd_iommu_remove,
};
