/*
 * The driver of the edu-like PCI DMA device on q35-vtd (QEMU's hw/misc/edu.c
 * seen from the guest side).  It binds and tells the DMA API what the
 * device can address: the edu engine drives 28 address bits, so a driver
 * for it sets a 28-bit DMA mask, as dma_set_mask_and_coherent() would.
 * The console drives the engine itself (`dma read|write`).
 */
#include <sim/errno.h>
#include <sim/sim.h>

#include <linux/device.h>
#include <linux/mod_devicetable.h>

#define EDU_DMA_BITS	28

static int edu_probe(struct device *dev)
{
	dev->dma_mask = DMA_BIT_MASK(EDU_DMA_BITS);
	dev->coherent_dma_mask = DMA_BIT_MASK(EDU_DMA_BITS);
	return 0;
}

static const struct of_device_id edu_of_ids[] = {
	{ .compatible = "iommu-lab,edu" },
	{}
};

static struct edu_pci_driver {
	struct device_driver driver;
} edu_driver = {
	.driver = {
		.name = "edu",
		.bus = &pci_bus_type,
		.of_match_table = edu_of_ids,
		.probe = edu_probe,
	},
};
static int edu_driver_register(struct edu_pci_driver *drv)
{
	return driver_register(&drv->driver);
}

static void edu_driver_unregister(struct edu_pci_driver *drv)
{
	driver_unregister(&drv->driver);
}
module_driver(edu_driver, edu_driver_register, edu_driver_unregister);
