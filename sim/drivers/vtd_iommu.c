/*
 * A VT-d-like IOMMU driver for the q35 board: one instance per DMAR unit,
 * PCI functions as masters, the source ID as the stream ID.
 */
#include <stdlib.h>

#include <sim/err.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/of.h>
#include <sim/sim.h>

#include "builtin.h"

struct vtd_iommu {
	struct device *dev;
	struct iommu_device iommu;
	u32 address_width;
};

static const struct iommu_ops vtd_iommu_ops;

static int vtd_of_xlate(struct device *dev, struct of_phandle_args *args)
{
	if (args->args_count != 1)
		return -EINVAL;
	if (!dev_iommu_priv_get(dev)) {
		if (!args->np->dev || !dev_get_drvdata(args->np->dev))
			return -EINVAL;
		dev_iommu_priv_set(dev, dev_get_drvdata(args->np->dev));
	}
	sim_trace(dev->sim, "of_xlate", "dev=%s id=0x%x", dev_name(dev),
		  args->args[0]);
	return iommu_fwspec_add_ids(dev, args->args, 1);
}

static struct iommu_device *vtd_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct vtd_iommu *vtd;

	if (!fwspec || fwspec->ops != &vtd_iommu_ops || dev->bus != &pci_bus_type)
		return ERR_PTR(-ENODEV);
	vtd = dev_iommu_priv_get(dev);
	return &vtd->iommu;
}

static const struct iommu_ops vtd_iommu_ops = {
	.name = "vtd-iommu",
	.of_xlate = vtd_of_xlate,
	.probe_device = vtd_probe_device,
	.pgsize_bitmap = SZ_4K | 0x200000UL | 0x40000000UL,
};

static int vtd_iommu_probe(struct device *dev)
{
	struct vtd_iommu *vtd = calloc(1, sizeof(*vtd));
	int ret;

	if (!vtd)
		return -ENOMEM;
	vtd->dev = dev;
	if (of_property_read_u32(dev->of_node, "iommu-lab,address-width",
				 &vtd->address_width))
		vtd->address_width = 39;
	dev_set_drvdata(dev, vtd);
	ret = iommu_device_register(dev->sim, &vtd->iommu, &vtd_iommu_ops, dev);
	if (ret) {
		dev_set_drvdata(dev, NULL);
		free(vtd);
	}
	return ret;
}

static void vtd_iommu_remove(struct device *dev)
{
	struct vtd_iommu *vtd = dev_get_drvdata(dev);

	iommu_device_unregister(&vtd->iommu);
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
