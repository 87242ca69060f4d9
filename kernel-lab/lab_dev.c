// SPDX-License-Identifier: GPL-2.0
/*
 * The devices commands can name (edus the PCI driver bound, the software
 * M4U's devices), and `dev show` and `dev set` for them.  `dev show`
 * prints the lines of the console's `dev show` that a real kernel can
 * print; the console's device-tree lines (compatible, of-node, iommus),
 * its probe count and its device links are left out.  `dev set` checks
 * its value the way the console does, then calls the DMA API:
 * dma_set_mask_and_coherent, dma_set_max_seg_size, dma_set_seg_boundary.
 */
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>

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
		lab_err(-ENODEV, "no device '%s'", name);
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
 * "-" for a device with no driver: the simulator configures DMA as a
 * driver binds and unconfigures it as it unbinds.
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

static int cmd_dev_show(int argc, char **argv)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	struct iommu_group *group;
	char reason[160];
	struct device *dev;

	if (!ldev)
		return -ENODEV;
	dev = ldev->dev;
	lab_printf("name: %s\n", dev_name(dev));
	lab_printf("bus: %s\n", dev->bus ? dev->bus->name : "-");
	lab_printf("driver: %s\n", dev->driver ? dev->driver->name : "-");
	if (!dev->driver && lab_dev_deferred(dev, reason, sizeof(reason))) {
		lab_printf("state: deferred\n");
		lab_printf("deferred-reason: %s\n", reason[0] ? reason : "-");
	} else {
		lab_printf("state: %s\n", lab_dev_state(dev));
	}
	lab_printf("dma: %s\n", lab_dev_dma(dev));
	lab_printf("dma-mask: 0x%llx\n", (unsigned long long)dma_get_mask(dev));
	lab_printf("max-segment-size: 0x%x\n", dma_get_max_seg_size(dev));
	lab_printf("seg-boundary-mask: 0x%lx\n", dma_get_seg_boundary(dev));
	group = iommu_group_get(dev);
	if (group) {
		struct iommu_domain *domain = iommu_get_domain_for_dev(dev);

		lab_printf("iommu-group: %d domain=%s\n", iommu_group_id(group),
			   lab_domain_name(domain));
		iommu_group_put(group);
	} else {
		lab_printf("iommu-group: -\n");
	}
	return 0;
}

static int cmd_dev_set(int argc, char **argv)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	struct device *dev;
	char err[96];
	int ret;
	u64 v;

	if (!ldev)
		return -ENODEV;
	dev = ldev->dev;
	if (lab_parse_size(argv[2], &v, err, sizeof(err)))
		return lab_err(0, "bad value: %s", err);
	if (!strcmp(argv[1], "dma-mask")) {
		if (v < 1 || v > 64)
			return lab_err(-EINVAL, "a DMA mask is 1 to 64 bits, not %llu",
				       (unsigned long long)v);
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(v));
		if (ret)
			return lab_err(ret, "dma_set_mask(%llu bits) refused",
				       (unsigned long long)v);
		lab_printf("%s dma-mask=0x%llx\n", dev_name(dev),
			   (unsigned long long)dma_get_mask(dev));
	} else if (!strcmp(argv[1], "max-seg")) {
		if (!v || v > 0xffffffffULL)
			return lab_err(-EINVAL, "max-seg 0x%llx is not 1..0xffffffff",
				       (unsigned long long)v);
		ret = dma_set_max_seg_size(dev, v);
		if (ret)
			return lab_err(ret, "dma_set_max_seg_size refused");
		lab_printf("%s max-seg=0x%x\n", dev_name(dev), dma_get_max_seg_size(dev));
	} else if (!strcmp(argv[1], "seg-boundary")) {
		/* dma-iommu counts on a power of two less one, at least a page. */
		if (v < PAGE_SIZE - 1 || (v & (v + 1)))
			return lab_err(-EINVAL,
				       "seg-boundary 0x%llx is not 2^n - 1 of at least 0xfff",
				       (unsigned long long)v);
		ret = dma_set_seg_boundary(dev, v);
		if (ret)
			return lab_err(ret, "dma_set_seg_boundary refused");
		lab_printf("%s seg-boundary=0x%lx\n", dev_name(dev), dma_get_seg_boundary(dev));
	} else {
		return lab_err(0, "unknown parameter '%s' (dma-mask, max-seg, seg-boundary)",
			       argv[1]);
	}
	return 0;
}

const struct lab_cmd lab_dev_cmds[] = {
	{ "dev show", "<dev>", cmd_dev_show,
	  "show a device: driver, state, DMA ops, mask, segment limits, group" },
	{ "dev set", "<dev> dma-mask|max-seg|seg-boundary <value>", cmd_dev_set,
	  "set a device's DMA mask (in bits), max segment size or segment boundary" },
	{ }
};
