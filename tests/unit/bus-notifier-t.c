/*
 * Notifier chains (kernel/notifier.c) and the buses' notifiers as 6.1's
 * drivers/base/core.c calls them: BUS_NOTIFY_ADD_DEVICE once the device
 * is on the bus and before a driver probes it; BUS_NOTIFY_DEL_DEVICE
 * first in device_del(), while the driver is still bound;
 * BUS_NOTIFY_REMOVED_DEVICE after the driver is unbound and the links
 * purged.  The IOMMU core hears both ends through its own block.
 */
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/notifier.h>
#include <sim/sim.h>

#include "unit.h"

/* What a recording block heard, in order. */
struct heard {
	unsigned long action;
	char dev[32];
	bool bound, on_bus, iommu, group, links;
};

struct recorder {
	struct notifier_block nb;
	struct heard log[16];
	int count;
	int ret;
};

static int record(struct notifier_block *nb, unsigned long action, void *data)
{
	struct recorder *r = (struct recorder *)nb;
	struct device *dev = data;
	struct heard *h = &r->log[r->count];

	assert_true(r->count < (int)ARRAY_SIZE(r->log));
	r->count++;
	h->action = action;
	strncpy(h->dev, dev_name(dev), sizeof(h->dev) - 1);
	h->bound = dev->driver != NULL;
	h->on_bus = dev->sim && sim_find_device(dev->sim, dev_name(dev)) == dev;
	h->iommu = dev->iommu != NULL;
	h->group = dev->iommu_group != NULL;
	h->links = !list_empty(&dev->links.suppliers);
	return r->ret;
}

/* Order of calling: priority, then registration; a stop ends the call. */
static void test_chain(void **state)
{
	struct blocking_notifier_head nh = { NULL };
	struct recorder a = { .nb = { .notifier_call = record, .priority = 0 } };
	struct recorder b = { .nb = { .notifier_call = record, .priority = 5 } };
	struct recorder c = { .nb = { .notifier_call = record, .priority = 0 } };
	struct device dev = { .name = "d" };

	/* An empty chain answers NOTIFY_DONE. */
	assert_int_equal(blocking_notifier_call_chain(&nh, 1, &dev), NOTIFY_DONE);
	assert_int_equal(blocking_notifier_chain_register(&nh, &a.nb), 0);
	assert_int_equal(blocking_notifier_chain_register(&nh, &b.nb), 0);
	assert_int_equal(blocking_notifier_chain_register(&nh, &c.nb), 0);
	assert_int_equal(blocking_notifier_chain_register(&nh, &a.nb), -EEXIST);
	/* b (priority 5) first, then a and c in the order they came. */
	assert_ptr_equal(nh.head, &b.nb);
	assert_ptr_equal(b.nb.next, &a.nb);
	assert_ptr_equal(a.nb.next, &c.nb);
	assert_null(c.nb.next);

	/* The last block's answer is the chain's. */
	c.ret = NOTIFY_OK;
	assert_int_equal(blocking_notifier_call_chain(&nh, 7, &dev), NOTIFY_OK);
	assert_int_equal(a.count + b.count + c.count, 3);
	/* A block that says stop is the last called. */
	a.ret = NOTIFY_STOP_MASK | NOTIFY_OK;
	assert_int_equal(blocking_notifier_call_chain(&nh, 7, &dev),
			 NOTIFY_STOP_MASK | NOTIFY_OK);
	assert_int_equal(b.count, 2);
	assert_int_equal(a.count, 2);
	assert_int_equal(c.count, 1);

	assert_int_equal(blocking_notifier_chain_unregister(&nh, &a.nb), 0);
	assert_int_equal(blocking_notifier_chain_unregister(&nh, &a.nb), -ENOENT);
	assert_ptr_equal(b.nb.next, &c.nb);
}

/*
 * defer-iommu-present, every driver built in: a master added by hand and
 * taken away again, heard by a block registered after the IOMMU core's.
 */
static void test_add_remove_order(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "defer-iommu-present", 0);
	struct recorder r = { .nb = { .notifier_call = record } };
	struct sim_dev_spec spec = {
		.name = "m2", .compatible = "iommu-lab,dma-master",
		.iommu = "iommu", .ids = { 1 }, .nr_ids = 1, .larb = "larb0",
	};
	struct recorder pci = { .nb = { .notifier_call = record } };
	char err[128];

	assert_int_equal(bus_register_notifier(sim, &platform_bus_type, &r.nb), 0);
	assert_int_equal(bus_register_notifier(sim, &platform_bus_type, &r.nb), -EEXIST);
	assert_int_equal(bus_register_notifier(sim, &pci_bus_type, &pci.nb), 0);

	assert_int_equal(sim_dev_create(sim, &spec, err, sizeof(err)), 0);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.log[0].action, BUS_NOTIFY_ADD_DEVICE);
	assert_string_equal(r.log[0].dev, "m2");
	/* On the bus, nothing bound yet, no fwspec: the M4U did not want it. */
	assert_true(r.log[0].on_bus);
	assert_false(r.log[0].bound);
	assert_false(r.log[0].iommu);
	/* Then the probe, whose DMA configuration put it in the M4U's group. */
	assert_non_null(sim_find_device(sim, "m2")->driver);
	assert_true(device_iommu_mapped(sim_find_device(sim, "m2")));

	assert_int_equal(sim_dev_destroy(sim, "m2"), 0);
	assert_int_equal(r.count, 3);
	/* BUS_NOTIFY_DEL_DEVICE first: still bound, grouped, linked to larb0. */
	assert_int_equal(r.log[1].action, BUS_NOTIFY_DEL_DEVICE);
	assert_true(r.log[1].on_bus);
	assert_true(r.log[1].bound);
	assert_true(r.log[1].group);
	assert_true(r.log[1].links);
	/*
	 * BUS_NOTIFY_REMOVED_DEVICE: unbound, links purged, still findable;
	 * the IOMMU core's block, called before ours, has let go of it.
	 */
	assert_int_equal(r.log[2].action, BUS_NOTIFY_REMOVED_DEVICE);
	assert_true(r.log[2].on_bus);
	assert_false(r.log[2].bound);
	assert_false(r.log[2].links);
	assert_false(r.log[2].iommu);
	assert_false(r.log[2].group);
	assert_null(sim_find_device(sim, "m2"));
	/* Only the platform bus's chain heard any of it. */
	assert_int_equal(pci.count, 0);

	assert_int_equal(bus_unregister_notifier(sim, &platform_bus_type, &r.nb), 0);
	assert_int_equal(bus_unregister_notifier(sim, &platform_bus_type, &r.nb), -ENOENT);
	assert_int_equal(bus_unregister_notifier(sim, &pci_bus_type, &pci.nb), 0);
	sim_free(sim);
}

/*
 * q35-vtd: the VT-d driver finds a PCI function's unit without a fwspec
 * (6.1's device_to_iommu()), so a function added while the unit is
 * registered is grouped when the IOMMU core hears of it, before any
 * driver is matched, as iommu_bus_notifier() does with
 * iommu_probe_device().
 */
static void test_iommu_hears_add(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "q35-vtd", 0);
	struct recorder r = { .nb = { .notifier_call = record } };
	struct sim_dev_spec spec = {
		.name = "x", .compatible = "iommu-lab,no-such-driver", .pci = true,
	};
	char err[128];

	assert_int_equal(bus_register_notifier(sim, &pci_bus_type, &r.nb), 0);
	assert_int_equal(sim_dev_create(sim, &spec, err, sizeof(err)), 0);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.log[0].action, BUS_NOTIFY_ADD_DEVICE);
	assert_false(r.log[0].bound);
	assert_true(r.log[0].iommu);
	assert_true(r.log[0].group);
	assert_null(sim_find_device(sim, "x")->driver);
	assert_true(device_iommu_mapped(sim_find_device(sim, "x")));
	assert_int_equal(sim_dev_destroy(sim, "x"), 0);
	assert_int_equal(r.count, 3);
	assert_false(r.log[2].group);
	assert_int_equal(bus_unregister_notifier(sim, &pci_bus_type, &r.nb), 0);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_add_remove_order),
		cmocka_unit_test(test_iommu_hears_add),
	};

	return unit_run("bus-notifier", tests, ARRAY_SIZE(tests));
}
