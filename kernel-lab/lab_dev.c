// SPDX-License-Identifier: GPL-2.0
/*
 * The devices commands can name (edus the PCI driver bound, the software
 * M4U's devices), and the dev commands: `dev list`, `dev show`,
 * `dev set`, `dev unbind` and `dev bind` here, `dev add` and `dev del` in
 * lab_m4u_board.c.  `dev show`
 * prints the lines of the console's `dev show` that a real kernel can
 * print, a PCI function's requester ID among them; the console's
 * device-tree lines (compatible, of-node, iommus), its probe count and its
 * device links are left out.  `dev set` checks its value with the
 * console's grammar, then calls the DMA API:
 * dma_set_mask_and_coherent, dma_set_max_seg_size, dma_set_seg_boundary;
 * its driver_override is the bus's sysfs attribute (driver_set_override()).
 * `dev unbind` and `dev bind` do what writing to a driver's sysfs unbind
 * and bind does (device_release_driver(), device_driver_attach()).
 */
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/platform_device.h>

#include "lab.h"

static LIST_HEAD(lab_devs);

struct lab_dev *lab_dev_lookup(const char *name)
{
	struct lab_dev *ldev;

	list_for_each_entry(ldev, &lab_devs, node)
		if (!strcmp(ldev->alias, name) || !strcmp(dev_name(ldev->dev), name))
			return ldev;
	return NULL;
}

struct lab_dev *lab_dev_find(const char *name)
{
	struct lab_dev *ldev = lab_dev_lookup(name);

	if (!ldev)
		lab_err(-ENODEV, GRAM_E_NO_DEVICE, name);
	return ldev;
}

void lab_dev_for_each(void (*fn)(struct lab_dev *ldev, void *data), void *data)
{
	struct lab_dev *ldev;

	list_for_each_entry(ldev, &lab_devs, node)
		fn(ldev, data);
}

void lab_dev_add(struct lab_dev *new, const char *base)
{
	int n;

	for (n = 0; base; n++) {
		if (n)
			snprintf(new->alias, sizeof(new->alias), "%s%d", base, n);
		else
			strscpy(new->alias, base, sizeof(new->alias));
		if (!lab_dev_lookup(new->alias))
			break;
	}
	list_add_tail(&new->node, &lab_devs);
}

void lab_dev_del(struct lab_dev *ldev)
{
	list_del(&ldev->node);
}

/*
 * "iommu" when the device has per-device DMA ops: on x86 that is dma-iommu,
 * installed when its default domain is a DMA domain.  Otherwise dma-direct.
 * "-" for a device with no driver, whatever its ops: the column is the
 * bus's DMA configuration for a bound driver.  On x86 a function behind
 * the IOMMU has dma-iommu's ops from probe_finalize, bound or not, and
 * the simulator's VT-d functions do too; its M4U masters (arm64) have
 * them only while a driver is bound, but kernel-lab's M4U, on x86, gets
 * them at probe_finalize.
 */
const char *lab_dev_dma(struct device *dev)
{
	if (!dev->driver)
		return "-";
	return get_dma_ops(dev) ? "iommu" : "direct";
}

/* "bound", "deferred" (on the driver core's deferred list) or "unbound". */
const char *lab_dev_state(struct device *dev)
{
	if (dev->driver)
		return "bound";
	return lab_dev_deferred(dev, NULL, 0) ? "deferred" : "unbound";
}

static void list_one(struct lab_dev *ldev, void *data)
{
	struct device *dev = ldev->dev;

	lab_printf(GRAM_FMT_DEV_LIST, ldev->alias, dev->bus ? dev->bus->name : "-",
		   dev->driver ? dev->driver->name : "-", lab_dev_state(dev), lab_dev_dma(dev));
}

static int cmd_dev_list(int argc, char **argv)
{
	lab_dev_for_each(list_one, NULL);
	return 0;
}

static int cmd_dev_show(int argc, char **argv)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	struct iommu_group *group;
	char reason[160];
	struct device *dev;

	if (!ldev)
		return -ENODEV;
	dev = ldev->dev;
	lab_printf(GRAM_FMT_SHOW_NAME, dev_name(dev));
	lab_printf(GRAM_FMT_SHOW_BUS, dev->bus ? dev->bus->name : "-");
	lab_printf(GRAM_FMT_SHOW_DRIVER, dev->driver ? dev->driver->name : "-");
	if (!dev->driver && lab_dev_deferred(dev, reason, sizeof(reason))) {
		lab_printf(GRAM_FMT_SHOW_STATE, "deferred");
		lab_printf(GRAM_FMT_SHOW_DEFERRED, reason[0] ? (int)strlen(reason) : 1,
			   reason[0] ? reason : "-");
	} else {
		lab_printf(GRAM_FMT_SHOW_STATE, lab_dev_state(dev));
	}
	lab_printf(GRAM_FMT_SHOW_DMA, lab_dev_dma(dev));
	lab_printf(GRAM_FMT_SHOW_MASK, (unsigned long long)dma_get_mask(dev));
	lab_printf(GRAM_FMT_SHOW_MAX_SEG, dma_get_max_seg_size(dev));
	lab_printf(GRAM_FMT_SHOW_BOUNDARY, dma_get_seg_boundary(dev));
	if (dev_is_pci(dev)) {
		struct pci_dev *pdev = to_pci_dev(dev);

		lab_printf(GRAM_FMT_SHOW_RID, pci_dev_id(pdev), pdev->bus->number,
			   PCI_SLOT(pdev->devfn), PCI_FUNC(pdev->devfn));
	}
	group = iommu_group_get(dev);
	if (group) {
		struct iommu_domain *domain = iommu_get_domain_for_dev(dev);

		lab_printf(GRAM_FMT_SHOW_GROUP, iommu_group_id(group),
			   lab_domain_name(domain));
		iommu_group_put(group);
	} else {
		lab_printf(GRAM_FMT_SHOW_NO_GROUP);
	}
	return 0;
}

/* The bus's driver_override string of @dev, or NULL for another bus. */
static const char **lab_driver_override(struct device *dev)
{
	if (dev_is_pci(dev))
		return &to_pci_dev(dev)->driver_override;
	if (dev->bus == &platform_bus_type)
		return &to_platform_device(dev)->driver_override;
	return NULL;
}

/* As the console's: any name, "none" clears; shown as sysfs shows it. */
static int dev_set_driver_override(struct device *dev, const char *value)
{
	const char **override = lab_driver_override(dev);
	struct gram_err e;
	const char *name = value;
	int ret;

	if (strcmp(value, "none") && gram_check_name("driver", value, &e))
		return lab_gram_err(&e);
	if (!strcmp(value, "none"))
		name = "";
	if (!override)
		return lab_err(-EINVAL, "device '%s' has no driver_override", dev_name(dev));
	ret = driver_set_override(dev, override, name, strlen(name));
	if (ret)
		return lab_err(ret, "driver_set_override refused");
	lab_printf("%s driver_override=%s\n", dev_name(dev),
		   *override ? *override : "(null)");
	return 0;
}

static int cmd_dev_set(int argc, char **argv)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	enum gram_dev_param param;
	struct gram_err e;
	struct device *dev;
	int ret = 0;
	u64 v;

	if (!ldev)
		return -ENODEV;
	dev = ldev->dev;
	if (!strcmp(argv[1], "driver_override"))
		return dev_set_driver_override(dev, argv[2]);
	if (gram_parse_dev_set(argv[1], argv[2], &param, &v, &e))
		return lab_gram_err(&e);
	switch (param) {
	case GRAM_DEV_DMA_MASK:
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(v));
		if (ret)
			return lab_err(ret, GRAM_E_DMA_MASK, (unsigned long long)v);
		lab_printf(GRAM_FMT_DMA_MASK, dev_name(dev),
			   (unsigned long long)dma_get_mask(dev));
		break;
	case GRAM_DEV_MAX_SEG:
		ret = dma_set_max_seg_size(dev, v);
		if (ret)
			return lab_err(ret, "dma_set_max_seg_size refused");
		lab_printf(GRAM_FMT_MAX_SEG, dev_name(dev), dma_get_max_seg_size(dev));
		break;
	case GRAM_DEV_SEG_BOUNDARY:
		ret = dma_set_seg_boundary(dev, v);
		if (ret)
			return lab_err(ret, "dma_set_seg_boundary refused");
		lab_printf(GRAM_FMT_SEG_BOUNDARY, dev_name(dev), dma_get_seg_boundary(dev));
		break;
	}
	return 0;
}

/* unbind_store(): -ENODEV for a device bound to no driver. */
static int cmd_dev_unbind(int argc, char **argv)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	int ret = 0;

	if (!ldev)
		return -ENODEV;
	if (!ldev->dev->driver)
		ret = -ENODEV;
	else
		device_release_driver(ldev->dev);
	if (ret)
		lab_printf("dev unbind %s -> %pe\n", ldev->alias, ERR_PTR(ret));
	else
		lab_printf("dev unbind %s -> 0\n", ldev->alias);
	return 0;
}

/* bind_store(): the driver on the device's bus, its match, then the attach. */
static int cmd_dev_bind(int argc, char **argv)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	struct device_driver *drv;
	struct device *dev;
	int ret;

	if (!ldev)
		return -ENODEV;
	dev = ldev->dev;
	drv = driver_find(argv[1], dev->bus);
	if (!drv)
		return lab_err(-ENOENT, "no driver '%s' is loaded", argv[1]);
	if (drv->bus->match && !drv->bus->match(dev, drv))
		ret = -ENODEV;
	else
		ret = device_driver_attach(drv, dev);
	if (ret)
		lab_printf("dev bind %s %s -> %pe\n", ldev->alias, drv->name, ERR_PTR(ret));
	else
		lab_printf("dev bind %s %s -> 0\n", ldev->alias, drv->name);
	return 0;
}

/* In the console's order, which its "missing subcommand (...)" line lists. */
const struct lab_cmd lab_dev_cmds[] = {
	{ "dev list", "", cmd_dev_list,
	  "list the devices commands can name, with their driver, probe state and DMA ops" },
	{ "dev show", "<dev>", cmd_dev_show,
	  "show a device: driver, state, DMA ops, mask, segment limits, group" },
	{ "dev add", GRAM_SPEC_DEV_ADD, lab_m4u_dev_add,
	  "add a master to the software M4U's board and try to bind it" },
	{ "dev set", GRAM_SPEC_DEV_SET, cmd_dev_set,
	  "set a device's DMA mask (in bits), max segment size, segment boundary or driver_override" },
	{ "dev unbind", "<dev>", cmd_dev_unbind, "unbind a device from its driver (sysfs unbind)" },
	{ "dev bind", "<dev> <driver>", cmd_dev_bind,
	  "bind a device to a loaded driver (sysfs bind), e.g. vfio-pci after driver_override" },
	{ "dev del", "<dev>", lab_m4u_dev_del, "unbind and remove a master dev add made" },
	{ }
};
