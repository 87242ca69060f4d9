// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI driver for QEMU's edu device (1234:11e8), the DMA master of the
 * q35-vtd board, and its DMA engine.  Binding does what the simulator's
 * edu driver does: it sets the 28-bit DMA mask of the edu engine, so that
 * both sides start equal.  It neither enables the function nor bus
 * mastering: the DMA API commands only program the IOMMU.
 *
 * The first `dma read` or `dma write` (lab_xfer.c) turns the engine on:
 * it enables the function, maps BAR0, checks the ID register and enables
 * bus mastering.  A transfer is QEMU's hw/misc/edu.c register protocol,
 * as the simulator's sim/hw/edu.c drives it: source at 0x80, destination
 * at 0x88, count at 0x90, then the command at 0x98 (bit 0 run, bit 1
 * from the buffer to RAM), 64-bit accesses; the run bit clears when the
 * transfer is done, 100 ms of the machine's virtual time later.  The
 * buffer is 4 KiB at device address 0x40000, and is not readable through
 * BAR0: only DMA moves data in and out of it.
 *
 * Bound devices are called "edu", "edu1", ... in binding order; commands
 * also accept their PCI names.  Any other PCI function can be handed to
 * this driver through driver_override (docs/kernel-lab.md says which are
 * safe); it is treated the same way, except that its registers are never
 * touched: only a function with edu's IDs has an engine here.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "lab.h"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_DMA_BITS		28

#define EDU_REG_ID		0x00
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_CNT		0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_ID_MAGIC		0xed	/* the ID register's low byte */
#define EDU_F_DMA_RUN		BIT(0)
#define EDU_F_DMA_TO_RAM	BIT(1)

/*
 * A transfer takes 100 ms of virtual time; give up well after that.  On a
 * busy host the guest's clock can jump by seconds while QEMU waits for a
 * CPU (docs/kernel-lab.md), so "well after" is 30 s, still far inside the
 * runner's timeout: a stuck engine fails the run, a slow host does not.
 */
#define EDU_DMA_POLL_US		1000
#define EDU_DMA_TIMEOUT_US	(30 * USEC_PER_SEC)

struct lab_edu {
	struct lab_dev ldev;
	struct pci_dev *pdev;
	void __iomem *bar;	/* BAR0, once the engine is on */
	struct page *bounce;	/* lab_xfer.c's page, allocated with the engine */
};

static struct pci_driver edu_driver;

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lab_edu *e;
	int ret;

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(EDU_DMA_BITS));
	if (ret)
		return ret;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->pdev = pdev;
	e->ldev.dev = &pdev->dev;
	mutex_lock(&lab_lock);
	lab_dev_add(&e->ldev, "edu");
	mutex_unlock(&lab_lock);
	pci_set_drvdata(pdev, e);
	dev_info(&pdev->dev, "iommu-lab: bound as '%s'\n", e->ldev.alias);
	return 0;
}

/* Turns the engine off again: no more bus mastering, BAR0 unmapped. */
static void edu_stop(struct lab_edu *e)
{
	if (!e->bar)
		return;
	pci_clear_master(e->pdev);
	pci_iounmap(e->pdev, e->bar);
	pci_disable_device(e->pdev);
	e->bar = NULL;
	__free_page(e->bounce);
	e->bounce = NULL;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct lab_edu *e = pci_get_drvdata(pdev);

	mutex_lock(&lab_lock);
	lab_dma_forget(&e->ldev);
	lab_dev_del(&e->ldev);
	mutex_unlock(&lab_lock);
	edu_stop(e);
	kfree(e);
}

struct lab_edu *lab_edu_of(struct lab_dev *ldev)
{
	struct pci_dev *pdev;

	if (ldev->dev->driver != &edu_driver.driver)
		return NULL;
	pdev = to_pci_dev(ldev->dev);
	if (pdev->vendor != EDU_VENDOR || pdev->device != EDU_DEVICE)
		return NULL;
	return container_of(ldev, struct lab_edu, ldev);
}

struct page *lab_edu_bounce(struct lab_edu *e)
{
	return e->bounce;
}

int lab_edu_start(struct lab_edu *e)
{
	struct pci_dev *pdev = e->pdev;
	u32 id;
	int ret;

	if (e->bar)
		return 0;
	e->bounce = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!e->bounce)
		return lab_err(-ENOMEM, "no page for edu's bounce buffer");
	ret = pci_enable_device(pdev);
	if (ret) {
		lab_err(ret, "cannot enable '%s'", pci_name(pdev));
		goto out_free;
	}
	e->bar = pci_iomap(pdev, 0, 0);
	if (!e->bar) {
		ret = lab_err(-ENOMEM, "cannot map BAR0 of '%s'", pci_name(pdev));
		goto out_disable;
	}
	id = readl(e->bar + EDU_REG_ID);
	if ((id & 0xff) != EDU_ID_MAGIC) {
		ret = lab_err(-ENODEV, "'%s' has ID 0x%08x, not edu's", pci_name(pdev), id);
		goto out_unmap;
	}
	pci_set_master(pdev);
	return 0;

out_unmap:
	pci_iounmap(pdev, e->bar);
	e->bar = NULL;
out_disable:
	pci_disable_device(pdev);
out_free:
	__free_page(e->bounce);
	e->bounce = NULL;
	return ret;
}

bool lab_edu_busy(struct lab_edu *e)
{
	return readq(e->bar + EDU_REG_DMA_CMD) & EDU_F_DMA_RUN;
}

int lab_edu_dma(struct lab_edu *e, u64 src, u64 dst, u64 count, bool to_ram)
{
	u64 cmd;

	writeq(src, e->bar + EDU_REG_DMA_SRC);
	writeq(dst, e->bar + EDU_REG_DMA_DST);
	writeq(count, e->bar + EDU_REG_DMA_CNT);
	writeq(EDU_F_DMA_RUN | (to_ram ? EDU_F_DMA_TO_RAM : 0), e->bar + EDU_REG_DMA_CMD);
	return readq_poll_timeout(e->bar + EDU_REG_DMA_CMD, cmd, !(cmd & EDU_F_DMA_RUN),
				  EDU_DMA_POLL_US, EDU_DMA_TIMEOUT_US);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
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
