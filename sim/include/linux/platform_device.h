/*
 * Platform devices and their drivers (include/linux/platform_device.h):
 * the devices a board's device tree describes, with the resources its
 * nodes give, and the drivers that bind to them by compatible.
 */
#ifndef _LINUX_PLATFORM_DEVICE_H
#define _LINUX_PLATFORM_DEVICE_H

#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/mod_devicetable.h>

#define PLATFORM_DEVID_NONE	(-1)

struct platform_device {
	const char *name;
	int id;
	struct device dev;
	u32 num_resources;
	struct resource *resource;	/* the node's "reg" entries */
};

#define to_platform_device(x)	container_of((x), struct platform_device, dev)

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	int (*remove)(struct platform_device *pdev);
	struct device_driver driver;
	/* the driver does DMA without the DMA API (VFIO): no default-domain use */
	bool driver_managed_dma;
};

#define to_platform_driver(drv)	container_of((drv), struct platform_driver, driver)

static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void platform_set_drvdata(struct platform_device *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

/* Resource @num of @type (IORESOURCE_MEM: "reg" entry @num), or NULL. */
struct resource *platform_get_resource(struct platform_device *pdev,
				       unsigned int type, unsigned int num);
/*
 * Interrupt @num, from the node's "interrupts" (GIC SPI or PPI
 * specifiers).  Returns the line or -ENXIO.
 */
int platform_get_irq(struct platform_device *pdev, unsigned int num);
/* devm_ioremap_resource() of "reg" entry @index. */
void __iomem *devm_platform_ioremap_resource(struct platform_device *pdev,
					     unsigned int index);

/* Registers @drv on the platform bus of the current machine. */
int platform_driver_register(struct platform_driver *drv);
void platform_driver_unregister(struct platform_driver *drv);

/* The driver's row in the built-in driver list (struct sim_module). */
#define module_platform_driver(__platform_driver)			\
	module_driver(__platform_driver, platform_driver_register,	\
		      platform_driver_unregister)

#endif
