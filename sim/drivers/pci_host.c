/*
 * A generic ECAM PCI host bridge: when it probes, the functions described
 * under its DT node appear on the PCI bus, as enumeration would find them
 * (in node order, which the boards keep in bus/devfn order, the order of
 * Linux's scan); when it goes, they go.
 */
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/of.h>
#include <sim/sim.h>

#include <linux/platform_device.h>

/* bus << 8 | devfn from the first cell of a PCI child's "reg". */
static int pci_child_bdf(const struct device_node *np, u16 *bdf)
{
	u32 hi;

	if (of_property_read_u32(np, "reg", &hi))
		return -EINVAL;
	*bdf = (hi >> 8) & 0xffff;
	return 0;
}

/*
 * Whether the function at @bdf is one of several in its slot.  Linux
 * reads the header type's multi-function bit of function 0 and looks at
 * functions 1-7 only when it is set, marking each it finds multi-function
 * too (pci_scan_slot()); a board lists the functions its slots have, so a
 * slot listing more than one is multi-function, every function of it.
 */
static bool pci_child_multifunction(const struct device_node *bridge, u16 bdf)
{
	for (const struct device_node *np = bridge->child; np; np = np->sibling) {
		u16 other;

		if (of_device_is_available(np) && !pci_child_bdf(np, &other) &&
		    other != bdf && (other & ~7) == (bdf & ~7))
			return true;
	}
	return false;
}

static void pci_host_remove_children(struct device *dev)
{
	for (struct device_node *np = dev->of_node->child; np; np = np->sibling)
		if (np->dev && np->dev->bus == &pci_bus_type)
			device_unregister(np->dev);
}

static int pci_host_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;

	for (struct device_node *np = dev->of_node->child; np; np = np->sibling) {
		struct device *pdev;
		char *name;
		u16 bdf;

		if (!of_device_is_available(np) || pci_child_bdf(np, &bdf) ||
		    np->dev)
			continue;
		name = of_node_dev_name(np);
		if (!name)
			goto out_nomem;
		pdev = device_alloc(dev->sim, name, &pci_bus_type, np);
		free(name);
		if (!pdev)
			goto out_nomem;
		pdev->pci_bdf = bdf;
		pdev->pci_multifunction = pci_child_multifunction(dev->of_node, bdf);
		pdev->parent = dev;
		if (device_add(pdev))
			device_unregister(pdev);
	}
	return 0;

out_nomem:
	pci_host_remove_children(dev);
	return -ENOMEM;
}

static int pci_host_remove(struct platform_device *pdev)
{
	pci_host_remove_children(&pdev->dev);
	return 0;
}

static const struct of_device_id pci_host_of_ids[] = {
	{ .compatible = "pci-host-ecam-generic" },
	{}
};

static struct platform_driver pci_host_driver = {
	.probe = pci_host_probe,
	.remove = pci_host_remove,
	.driver = {
		.name = "pci-host-generic",
		.of_match_table = pci_host_of_ids,
	},
};
module_platform_driver(pci_host_driver);
