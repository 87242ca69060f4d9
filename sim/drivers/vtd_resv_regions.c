/*
 * get_resv_regions: IOVA ranges a device's domain must treat specially
 * (intel_iommu_get_resv_regions() in 6.1, as Debian builds it).
 *
 * - With CONFIG_INTEL_IOMMU_FLOPPY_WA (Debian: =y) an ISA bridge, which
 *   does DMA for the legacy devices behind it (the floppy's 8237 DMA
 *   reaches the low 16 MiB), gets 0-16 MiB read/write as a relaxable
 *   direct region: identity-mapped in its DMA domain by the core, but
 *   the device may still be given to VFIO.  On q35 that is the LPC bridge
 *   at 00:1f.0.
 * - On x86 a DMA write to 0xfee00000-0xfeefffff is an interrupt message,
 *   not memory traffic, so the window is reserved as IOMMU_RESV_MSI in
 *   every device's domain.
 *
 * q35 has no RMRRs (firmware-required direct mappings), so that is all;
 * the regions go on @head in 6.1's order, the floppy one first.
 */
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/sizes.h>

#include "vtd.h"

static void vtd_add_resv_region(struct list_head *head, phys_addr_t start,
				size_t length, int prot, enum iommu_resv_type type)
{
	struct iommu_resv_region *region;

	region = iommu_alloc_resv_region(start, length, prot, type, GFP_KERNEL);
	if (region)
		list_add_tail(&region->list, head);
}

void vtd_get_resv_regions(struct device *dev, struct list_head *head)
{
	if (dev_is_pci(dev) && to_pci_dev(dev)->class >> 8 == PCI_CLASS_BRIDGE_ISA)
		vtd_add_resv_region(head, 0, SZ_16M, IOMMU_READ | IOMMU_WRITE,
				    IOMMU_RESV_DIRECT_RELAXABLE);
	vtd_add_resv_region(head, VTD_MSI_BASE, VTD_MSI_SIZE, 0, IOMMU_RESV_MSI);
}
