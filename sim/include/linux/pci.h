/*
 * PCI devices and their drivers (include/linux/pci.h), as far as the
 * simulator has them: functions under a device-tree host bridge, each
 * with its bus number and devfn from its node's "reg", matched to drivers
 * by the node's compatible (the boards give a function "pciVVVV,DDDD"
 * and, where the simulator has a driver, its own compatible) rather than
 * by an ID table.
 */
#ifndef _LINUX_PCI_H
#define _LINUX_PCI_H

#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/types.h>

struct pci_bus {
	unsigned char number;
};

struct pci_dev {
	struct pci_bus *bus;
	unsigned int devfn;
	unsigned int class;	/* 3 bytes: base class, subclass, prog-if */
	struct device dev;
};

#define PCI_CLASS_BRIDGE_ISA	0x0601	/* base class and subclass */

#define to_pci_dev(n)		container_of(n, struct pci_dev, dev)

#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)
#define PCI_DEVID(bus, devfn)	((((u16)(bus)) << 8) | (devfn))

static inline bool dev_is_pci(const struct device *dev)
{
	return dev->bus == &pci_bus_type;
}

static inline u16 pci_dev_id(struct pci_dev *dev)
{
	return PCI_DEVID(dev->bus->number, dev->devfn);
}

struct pci_device_id;

struct pci_driver {
	const char *name;
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
	struct device_driver driver;
	/* the driver does DMA without the DMA API (VFIO): no default-domain use */
	bool driver_managed_dma;
};

#define to_pci_driver(drv)	container_of(drv, struct pci_driver, driver)

/* Registers @drv, named after its .name, on the current machine's PCI bus. */
int pci_register_driver(struct pci_driver *drv);
void pci_unregister_driver(struct pci_driver *drv);

#define module_pci_driver(__pci_driver)					\
	module_driver(__pci_driver, pci_register_driver, pci_unregister_driver)

#endif
