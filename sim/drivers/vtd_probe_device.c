/*
 * probe_device and release_device: claim a PCI function behind one of
 * this driver's units and keep per-device data for it
 * (intel_iommu_probe_device() and intel_iommu_release_device() in 6.1).
 *
 * The unit and the source ID come from the host bridge's iommu-map, the
 * board's stand-in for the DMAR table's device scopes: the ID is the
 * requester ID, bus << 8 | devfn, which VT-d calls the source ID and uses
 * to index the root and context tables.  6.1 finds the unit of any PCI
 * function that way (device_to_iommu()), driver or not, so every function
 * gets a group when the unit registers, as on the real q35, where the MCH,
 * VGA, the NIC and the ICH9 functions take groups 0-2 and 4 around edu's 3.
 * A function the DMA API configured first (one added later and bound at
 * once) has a fwspec that of_xlate filled from the same map: that is used.
 *
 * On a unit whose translation was pre-enabled, a device with a context
 * entry the kdump kernel copied from the crashed one starts out on it.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/iommu.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "vtd.h"

static bool vtd_context_copied(struct vtd_iommu *vtd, u8 bus, u8 devfn)
{
	phys_addr_t ce;

	return vtd->translation_pre_enabled &&
	       !vtd_context_addr(vtd, bus, devfn, false, &ce) &&
	       (vtd_read64(ce) & VTD_CE_PRESENT);
}

/*
 * The unit in front of PCI function @dev and its source ID (6.1's
 * device_to_iommu()): from the fwspec when there is one, else through
 * the host bridge's iommu-map.  NULL when no registered VT-d unit has it.
 * A fwspec with no ops is the placeholder of_iommu_xlate() leaves when
 * the unit had no driver yet (a bind tried before it registered): 6.1's
 * of_iommu_configure() starts again from scratch on the next try, and
 * 6.1's device_to_iommu() on x86 reads the DMAR tables, not a fwspec, so
 * the unit still finds the function when it registers.
 */
static struct vtd_iommu *vtd_device_to_iommu(struct device *dev, u16 *sid)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct device_node *iommu_np = NULL;
	struct iommu_device *iommu;
	u32 id;

	if (!dev_is_pci(dev))
		return NULL;
	if (fwspec && fwspec->ops) {
		if (!vtd_is_vtd_ops(fwspec->ops) || fwspec->num_ids != 1)
			return NULL;
		iommu_np = to_of_node(fwspec->iommu_fwnode);
		*sid = fwspec->ids[0];
	} else {
		if (!dev->of_node || !dev->of_node->parent ||
		    of_map_id(dev->of_node->parent, pci_dev_id(to_pci_dev(dev)),
			      "iommu-map", "iommu-map-mask", &iommu_np, &id) ||
		    !iommu_np)
			return NULL;
		*sid = id;
	}
	iommu = lab_iommu_device_from_fwnode(iommu_np);
	if (!iommu || !vtd_is_vtd_ops(iommu->ops))
		return NULL;
	return to_vtd_iommu(iommu);
}

struct iommu_device *vtd_probe_device(struct device *dev)
{
	struct vtd_dev_info *info;
	struct vtd_iommu *vtd;
	u16 sid;

	vtd = vtd_device_to_iommu(dev, &sid);
	if (!vtd)
		return ERR_PTR(-ENODEV);

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return ERR_PTR(-ENOMEM);
	info->dev = dev;
	info->iommu = vtd;
	info->bus = sid >> 8;
	info->devfn = sid & 0xff;
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
	kfree(info);
}
