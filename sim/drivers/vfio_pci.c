/*
 * vfio-pci (drivers/vfio/pci/vfio_pci.c in 6.1), as far as the IOMMU
 * sees it: it binds only a function whose driver_override names it (its
 * ID table is override-only), does DMA for userspace rather than through
 * the DMA API (driver_managed_dma), and makes the function's group a
 * /dev/vfio/N that `vfio attach` can open.
 */
#include <linux/module.h>
#include <linux/pci.h>

#include <lab_compat.h>

static int vfio_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return lab_vfio_register_group_dev(&pdev->dev);
}

static void vfio_pci_remove(struct pci_dev *pdev)
{
	lab_vfio_unregister_group_dev(&pdev->dev);
}

static struct pci_driver vfio_pci_driver = {
	.name = "vfio-pci",
	.probe = vfio_pci_probe,
	.remove = vfio_pci_remove,
	.driver = {
		.name = "vfio-pci",
	},
	.driver_managed_dma = true,
};
module_pci_driver(vfio_pci_driver);
