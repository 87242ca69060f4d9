/*
 * The driver of the edu-like PCI DMA device on q35-vtd (QEMU's hw/misc/edu.c
 * seen from the guest side).
 */
#include <sim/errno.h>
#include <sim/sim.h>

#include "builtin.h"

static int edu_probe(struct device *dev)
{
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
