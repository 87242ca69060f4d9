/*
 * A lab DMA master for the probe-deferral boards.  With the DT property
 * "iommu-lab,iommu-required" it refuses to run without IOMMU translation,
 * which is what the 2015 probe-deferral discussion calls a mandatory IOMMU.
 */
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/of.h>
#include <sim/sim.h>

#include "builtin.h"

static int lab_dma_master_probe(struct device *dev)
{
	if (of_property_read_bool(dev->of_node, "iommu-lab,iommu-required") &&
	    !device_iommu_mapped(dev))
		return -ENODEV;
	return 0;
}

static const char *const lab_dma_master_ids[] = {
	"iommu-lab,dma-master",
	NULL
};

const struct device_driver lab_dma_master_driver = {
	.name = "lab-dma-master",
	.bus = &platform_bus_type,
	.of_match = lab_dma_master_ids,
	.probe = lab_dma_master_probe,
};
