/*
 * probe_finalize: the last step of the IOMMU core's probe of a PCI
 * function, after its group has its default domain and the function is
 * attached to it.
 *
 * On x86 nothing else gives a device dma-iommu's ops: 6.1's
 * arch_setup_dma_ops() is empty there (only arm64 and a few others select
 * ARCH_HAS_SETUP_DMA_OPS), so the intel driver does it itself, for every
 * function the core probes, driver or not, and with the whole 64-bit
 * range as the DMA window (intel_iommu_probe_finalize()).  The first
 * function of a group initialises the domain's IOVA space and its
 * reservations; a later one only checks that it agrees.  Nothing undoes
 * it at unbind: x86 has no arch_teardown_dma_ops() either; only
 * release_device does.
 *
 * The v4.x drivers had no such callback: their domains were unmanaged,
 * outside dma-iommu, and the DMA API went through intel_dma_ops.
 */
#include <linux/iommu.h>

#include "vtd.h"

void vtd_probe_finalize(struct device *dev)
{
	if (lab_vtd_unmanaged_only(dev))
		return;
	/* The simulator's iommu_setup_dma_ops() clears the old ops first. */
	iommu_setup_dma_ops(dev, 0, U64_MAX);
}
