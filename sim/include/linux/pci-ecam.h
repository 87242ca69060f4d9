/*
 * ECAM host bridges (include/linux/pci-ecam.h): the generic host bridge
 * driver's probe and remove (drivers/pci/controller/pci-host-common.c),
 * implemented in sim/core/pci.c.
 */
#ifndef _LINUX_PCI_ECAM_H
#define _LINUX_PCI_ECAM_H

#include <linux/pci.h>
#include <linux/platform_device.h>

int pci_host_common_probe(struct platform_device *pdev);
int pci_host_common_remove(struct platform_device *pdev);

#endif
