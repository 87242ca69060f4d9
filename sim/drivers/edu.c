/*
 * The driver of the edu-like PCI DMA device on q35-vtd (QEMU's hw/misc/edu.c
 * seen from the guest side).  It binds and tells the DMA API what the
 * device can address: the edu engine drives 28 address bits, so its
 * driver sets a 28-bit DMA mask.  The console drives the engine itself
 * (`dma read|write`).  The simulator's PCI bus matches by compatible, so
 * the driver names edu's instead of an ID table (QEMU's 1234:11e8).
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>

#define EDU_DMA_BITS	28

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(EDU_DMA_BITS));
}

static const struct of_device_id edu_of_ids[] = {
	{ .compatible = "iommu-lab,edu" },
	{}
};

/* .driver.name is pci_register_driver()'s to set; the driver list reads it first. */
static struct pci_driver edu_driver = {
	.name = "edu",
	.probe = edu_probe,
	.driver = {
		.name = "edu",
		.of_match_table = edu_of_ids,
	},
};
module_pci_driver(edu_driver);
