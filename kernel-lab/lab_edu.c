// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI driver for QEMU's edu device (1234:11e8), the DMA master of the
 * q35-vtd board.  Binding does what the simulator's edu driver does: it
 * sets the 28-bit DMA mask of the edu engine, so that both sides start
 * equal.  Nothing here enables bus mastering: the commands only program
 * the IOMMU through the DMA API, the device itself never moves data.
 *
 * Bound devices are called "edu", "edu1", ... in binding order; commands
 * also accept their PCI names.  Any other PCI function can be handed to
 * this driver through driver_override (docs/kernel-lab.md says which are
 * safe); it is treated the same way.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "lab.h"

#define EDU_DMA_BITS	28

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lab_dev *ldev;
	int ret;

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(EDU_DMA_BITS));
	if (ret)
		return ret;
	ldev = kzalloc(sizeof(*ldev), GFP_KERNEL);
	if (!ldev)
		return -ENOMEM;
	ldev->dev = &pdev->dev;
	mutex_lock(&lab_lock);
	lab_dev_add(ldev, "edu");
	mutex_unlock(&lab_lock);
	pci_set_drvdata(pdev, ldev);
	dev_info(&pdev->dev, "iommu-lab: bound as '%s'\n", ldev->alias);
	return 0;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct lab_dev *ldev = pci_get_drvdata(pdev);

	mutex_lock(&lab_lock);
	lab_dma_forget(ldev);
	lab_dev_del(ldev);
	mutex_unlock(&lab_lock);
	kfree(ldev);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

/* "edu", the name of the simulator's driver, so that `dev show` agrees. */
static struct pci_driver edu_driver = {
	.name = "edu",
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
};

int lab_edu_register(void)
{
	return pci_register_driver(&edu_driver);
}

void lab_edu_unregister(void)
{
	pci_unregister_driver(&edu_driver);
}
