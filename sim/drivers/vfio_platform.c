/*
 * vfio-platform (drivers/vfio/platform/vfio_platform.c in 6.1), as far
 * as the IOMMU sees it: no match table, so it binds only a device whose
 * driver_override names it; driver_managed_dma; and the device's group
 * becomes a /dev/vfio/N.  The device must have a reset handler (none
 * has: reset_required, vfio_platform_init_common()) and an IOMMU that
 * reports cache coherency (vfio_register_group_dev()), as the era says.
 */
#include <linux/module.h>
#include <linux/platform_device.h>

#include <lab_compat.h>

static int vfio_platform_probe(struct platform_device *pdev)
{
	int ret = lab_vfio_platform_init_common(&pdev->dev);

	if (ret)
		return ret;
	return lab_vfio_register_group_dev(&pdev->dev);
}

static int vfio_platform_remove(struct platform_device *pdev)
{
	lab_vfio_unregister_group_dev(&pdev->dev);
	return 0;
}

static struct platform_driver vfio_platform_driver = {
	.probe = vfio_platform_probe,
	.remove = vfio_platform_remove,
	.driver = {
		.name = "vfio-platform",
	},
	.driver_managed_dma = true,
};
module_platform_driver(vfio_platform_driver);
