/*
 * The driver of the edu-like PCI DMA device on q35-vtd (QEMU's hw/misc/edu.c
 * seen from the guest side).  It binds and tells the DMA API what the
 * device can address: the edu engine drives 28 address bits, so a driver
 * for it sets a 28-bit DMA mask, as dma_set_mask_and_coherent() would.
 * The console drives the engine itself (`dma read|write`).
 */
#include <sim/errno.h>
#include <sim/sim.h>

#include "builtin.h"

#define EDU_DMA_BITS	28

static int edu_probe(struct device *dev)
{
	dev->dma_mask = DMA_BIT_MASK(EDU_DMA_BITS);
	dev->coherent_dma_mask = DMA_BIT_MASK(EDU_DMA_BITS);
	return 0;
}

static const char *const edu_ids[] = {
	"iommu-lab,edu",
	NULL
};

const struct device_driver edu_driver = {
	.name = "edu",
	.bus = &pci_bus_type,
	.of_match = edu_ids,
	.probe = edu_probe,
};
