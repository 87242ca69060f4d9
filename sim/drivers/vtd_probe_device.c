/*
 * probe_device and release_device: claim a PCI function behind one of
 * this driver's units and keep per-device data for it
 * (intel_iommu_probe_device() and intel_iommu_release_device() in 6.1).
 *
 * The unit is the one of_xlate recorded in the fwspec, found by its DT
 * node; the single fwspec ID is the requester ID the host bridge's
 * iommu-map gave, bus << 8 | devfn, which VT-d calls the source ID and
 * uses to index the root and context tables.  On a unit whose translation
 * was pre-enabled, a device with a context entry the kdump kernel copied
 * from the crashed one starts out on it.
 */
#include <stdlib.h>

#include <sim/err.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/mem.h>

#include "vtd.h"

static bool vtd_context_copied(struct vtd_iommu *vtd, u8 bus, u8 devfn)
{
	phys_addr_t ce;

	return vtd->translation_pre_enabled &&
	       !vtd_context_addr(vtd, bus, devfn, false, &ce) &&
	       (sim_mem_read64(vtd->mem, ce) & VTD_CE_PRESENT);
}

struct iommu_device *vtd_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct iommu_device *iommu;
	struct vtd_dev_info *info;
	struct vtd_iommu *vtd;

	if (!fwspec || !vtd_is_vtd_ops(fwspec->ops))
		return ERR_PTR(-ENODEV);
	if (dev->bus != &pci_bus_type || fwspec->num_ids != 1)
		return ERR_PTR(-ENODEV);
	iommu = iommu_device_from_fwnode(dev->sim, fwspec->iommu_fwnode);
	if (!iommu || !vtd_is_vtd_ops(iommu->ops))
		return ERR_PTR(-ENODEV);
	vtd = to_vtd_iommu(iommu);

	info = calloc(1, sizeof(*info));
	if (!info)
		return ERR_PTR(-ENOMEM);
	info->dev = dev;
	info->iommu = vtd;
	info->bus = fwspec->ids[0] >> 8;
	info->devfn = fwspec->ids[0] & 0xff;
	info->context = vtd_context_copied(vtd, info->bus, info->devfn) ?
			VTD_CTX_COPIED : VTD_CTX_NONE;
	INIT_LIST_HEAD(&info->link);
	dev_iommu_priv_set(dev, info);
	return &vtd->iommu;
}

void vtd_release_device(struct device *dev)
{
	struct vtd_dev_info *info = dev_iommu_priv_get(dev);

	if (!info)
		return;
	if (info->context != VTD_CTX_NONE)
		vtd_block_translation(info);
	dev_iommu_priv_set(dev, NULL);
	free(info);
}
