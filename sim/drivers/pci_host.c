/*
 * A generic ECAM PCI host bridge (drivers/pci/controller/pci-host-generic.c):
 * when it probes, the functions described under its DT node appear on the
 * PCI bus, as enumeration would find them; when it goes, they go.
 */
#include <linux/module.h>
#include <linux/of.h>
#include <linux/pci-ecam.h>
#include <linux/platform_device.h>

#include <lab_compat.h>

static const struct of_device_id gen_pci_of_match[] = {
	{ .compatible = "pci-host-ecam-generic" },
	{}
};

static struct platform_driver gen_pci_driver = {
	.driver = {
		.name = "pci-host-generic",
		.of_match_table = gen_pci_of_match,
	},
	.probe = pci_host_common_probe,
	.remove = pci_host_common_remove,
};
module_platform_driver(gen_pci_driver);
