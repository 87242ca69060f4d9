/*
 * A lab DMA master for the probe-deferral boards.  With the DT property
 * "iommu-lab,iommu-required" it refuses to run without IOMMU translation,
 * which is what the 2015 probe-deferral discussion calls a mandatory IOMMU.
 */
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>

static int lab_dma_master_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;

	if (of_property_read_bool(dev->of_node, "iommu-lab,iommu-required") &&
	    !device_iommu_mapped(dev))
		return -ENODEV;
	return 0;
}

static const struct of_device_id lab_dma_master_of_ids[] = {
	{ .compatible = "iommu-lab,dma-master" },
	{}
};

static struct platform_driver lab_dma_master_driver = {
	.probe = lab_dma_master_probe,
	.driver = {
		.name = "lab-dma-master",
		.of_match_table = lab_dma_master_of_ids,
	},
};
module_platform_driver(lab_dma_master_driver);
