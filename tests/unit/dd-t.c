/*
 * The driver core's probe path and deferred probing against
 * drivers/base/dd.c: which devices defer, with what reason, how many
 * really_probe() calls a load order costs, and the deferred-probe timeout.
 * Every count below is worked out by hand from dd.c in a comment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/dma-map-ops.h>
#include <sim/errno.h>
#include <sim/sim.h>

#include "unit.h"

/* Boots @board with the boot parameter deferred_probe_timeout=@timeout. */
static struct sim *boot_with(const char *board, unsigned int flags, int timeout)
{
	struct sim *sim = sim_new();

	assert_non_null(sim);
	sim->boot_params.deferred_probe_timeout = timeout;
	unit_boot_into(sim, TEST_BOARDS, board, flags);
	return sim;
}

/* Boots with the default timeout, Debian's 10 s. */
static struct sim *boot(const char *board, unsigned int flags)
{
	return boot_with(board, flags, 10);
}

static void load(struct sim *sim, const char *name)
{
	assert_int_equal(sim_module_load(sim, sim_builtin_driver(name)), 0);
	sim_run_due(sim);	/* the deferred-probe work runs after the load */
}

static struct device *dev(struct sim *sim, const char *name)
{
	struct device *d = sim_find_device(sim, name);

	assert_non_null(d);
	return d;
}

/* How @name's DMA was configured: dma-iommu's ops, none (direct), or not yet. */
static const char *dma_of(struct sim *sim, const char *name)
{
	struct device *d = dev(sim, name);

	if (!d->dma_configured)
		return "unconfigured";
	return get_dma_ops(d) ? "iommu" : "direct";
}

/*
 * defer-iommu-present, devices in DT order: iommu, master, larb0,
 * smi_common.  No drivers at boot, so late_initcall finds nothing to retry.
 *
 *  load lab-dma-master: master #1 defers (IOMMU declared, not registered).
 *  load mtk-iommu:      iommu #2 defers (larb0 has no driver).
 *  load smi-common:     smi_common #3 binds -> trigger; the work retries
 *                       master #4 and iommu #5, both defer again.
 *  load smi-larb:       larb0 #6 binds -> trigger; the work retries
 *                       master #7 (defers), iommu #8 (binds -> trigger,
 *                       master moves back to the active list), master #9
 *                       binds through the IOMMU.
 * Nine really_probe() calls in all.
 */
static void test_wrong_order_costs_nine_probes(void **state)
{
	struct sim *sim = boot("defer-iommu-present", BOARD_NO_DRIVERS);

	assert_int_equal(sim->dd.probe_attempts, 0);
	load(sim, "lab-dma-master");
	assert_true(device_is_deferred(dev(sim, "master")));
	assert_string_equal(dev(sim, "master")->deferred_probe_reason,
			    "lab-dma-master: iommu 'iommu' not registered");
	load(sim, "mtk-iommu");
	assert_string_equal(dev(sim, "iommu")->deferred_probe_reason,
			    "mtk-iommu: mm dts parse fail");
	assert_int_equal(sim->dd.probe_attempts, 2);
	load(sim, "mtk-smi-common");
	assert_int_equal(sim->dd.probe_attempts, 5);
	assert_int_equal(list_count(&sim->dd.pending), 2);
	load(sim, "mtk-smi-larb");
	assert_int_equal(sim->dd.probe_attempts, 9);
	assert_true(list_empty(&sim->dd.pending));
	assert_string_equal(dma_of(sim, "master"), "iommu");
	assert_int_equal(dev(sim, "master")->probe_attempts, 4);
	assert_int_equal(dev(sim, "iommu")->probe_attempts, 3);
	sim_free(sim);
}

/*
 * The same board booted with every driver.  Registration in link order:
 * mtk-iommu: iommu #1 defers; lab-dma-master: master #2 defers;
 * smi-common #3 and smi-larb #4 bind, but deferred probing is off until
 * late_initcall, so their triggers do nothing.  late_initcall's first
 * trigger retries iommu #5 (binds -> trigger) and master #6 (binds).  The
 * second trigger finds nothing.  Six calls.
 */
static void test_boot_with_drivers(void **state)
{
	struct sim *sim = boot("defer-iommu-present", 0);

	assert_int_equal(sim->dd.probe_attempts, 6);
	assert_true(device_is_bound(dev(sim, "master")));
	assert_string_equal(dma_of(sim, "master"), "iommu");
	sim_free(sim);
}

/*
 * The v4.12 era waits only for an IOMMU the kernel has a driver for: one
 * its IOMMU_OF_DECLARE() table lists, which the machine fills with the
 * built-in IOMMU drivers.  defer-iommu-present with no drivers loaded but
 * lab-dma-master: mtk-iommu is declared, so the master defers; a machine
 * whose table lists only the VT-d driver has nothing for the M4U, and its
 * master binds at once with direct DMA.
 */
static void test_v4_12_waits_for_declared_iommu(void **state)
{
	const struct sim_module *vtd_only[] = { sim_builtin_driver("vtd-iommu"), NULL };
	struct sim *sim = sim_new();

	assert_non_null(vtd_only[0]);
	assert_non_null(sim);
	sim->era = ERA_V4_12;
	unit_boot_into(sim, TEST_BOARDS, "defer-iommu-present", BOARD_NO_DRIVERS);
	load(sim, "lab-dma-master");
	assert_true(device_is_deferred(dev(sim, "master")));
	sim_free(sim);

	sim = sim_new();
	assert_non_null(sim);
	sim->era = ERA_V4_12;
	sim->iommu_of_table = vtd_only;
	unit_boot_into(sim, TEST_BOARDS, "defer-iommu-present", BOARD_NO_DRIVERS);
	load(sim, "lab-dma-master");
	assert_true(device_is_bound(dev(sim, "master")));
	assert_string_equal(dma_of(sim, "master"), "direct");
	sim_free(sim);
}

/* Case 1 of the 2015-05 thread: no IOMMU declared, direct DMA, no deferral. */
static void test_no_iommu_is_direct(void **state)
{
	struct sim *sim = boot("defer-no-iommu", 0);

	assert_true(device_is_bound(dev(sim, "master")));
	assert_string_equal(dma_of(sim, "master"), "direct");
	assert_int_equal(dev(sim, "master")->probe_attempts, 1);
	sim_free(sim);
}

/*
 * Case 3a, optional: the IOMMU has no driver.  The master defers at
 * registration and at both late_initcall triggers (3 calls), then waits.
 * deferred_probe_timeout=10 fires at 10 s: the retry gets -ETIMEDOUT from
 * driver_deferred_probe_check_state(), of_iommu_configure() ignores it,
 * and the master binds with direct DMA (call 4).
 */
static void test_optional_iommu_times_out_to_direct(void **state)
{
	struct sim *sim = boot("defer-no-driver-optional", 0);

	assert_int_equal(dev(sim, "master")->probe_attempts, 3);
	assert_true(device_is_deferred(dev(sim, "master")));
	sim_advance(sim, 9999 * NSEC_PER_MSEC);
	assert_true(device_is_deferred(dev(sim, "master")));
	sim_advance(sim, 1 * NSEC_PER_MSEC);
	assert_true(device_is_bound(dev(sim, "master")));
	assert_string_equal(dma_of(sim, "master"), "direct");
	assert_int_equal(dev(sim, "master")->probe_attempts, 4);
	sim_free(sim);
}

/* Case 3a, mandatory: after the timeout the driver refuses direct DMA. */
static void test_mandatory_iommu_fails_after_timeout(void **state)
{
	struct sim *sim = boot("defer-no-driver-mandatory", 0);

	sim_advance(sim, 10 * NSEC_PER_SEC);
	assert_false(device_is_bound(dev(sim, "master")));
	assert_false(device_is_deferred(dev(sim, "master")));
	assert_int_equal(dev(sim, "master")->probe_attempts, 4);
	sim_free(sim);
}

/*
 * Case 3c: the M4U's only larb is disabled, so its probe fails with
 * -EINVAL for good and it never defers.  The master waits like case 3a,
 * then gets direct DMA at the timeout.
 */
static void test_failed_iommu_times_out_to_direct(void **state)
{
	struct sim *sim = boot("defer-iommu-fails", 0);

	assert_false(device_is_bound(dev(sim, "iommu")));
	assert_false(device_is_deferred(dev(sim, "iommu")));
	assert_true(device_is_deferred(dev(sim, "master")));
	sim_advance(sim, 10 * NSEC_PER_SEC);
	assert_string_equal(dma_of(sim, "master"), "direct");
	sim_free(sim);
}

/*
 * deferred_probe_timeout=0 times out as soon as initcalls are done: the
 * second late_initcall trigger already gets -ETIMEDOUT and the master binds
 * direct at boot.  -1 never times out: the master still waits an hour on.
 */
static void test_timeout_zero_and_minus_one(void **state)
{
	struct sim *sim = boot_with("defer-no-driver-optional", 0, 0);

	assert_true(device_is_bound(dev(sim, "master")));
	assert_string_equal(dma_of(sim, "master"), "direct");
	assert_int_equal(dev(sim, "master")->probe_attempts, 3);
	sim_free(sim);

	sim = boot_with("defer-no-driver-optional", 0, -1);
	sim_advance(sim, 3600 * NSEC_PER_SEC);
	assert_true(device_is_deferred(dev(sim, "master")));
	sim_free(sim);
}

/*
 * The supplier check runs before really_probe() sets dev->driver, so
 * dev_driver_string() falls back to the bus name in the reason.
 */
static void test_managed_link_defers_consumer(void **state)
{
	struct sim *sim = boot("defer-iommu-present", BOARD_NO_DRIVERS);
	struct device *larb = dev(sim, "larb0"), *common = dev(sim, "smi_common");
	struct device_link *link;

	/* A link that would close a cycle is refused. */
	link = device_link_add(larb, common, 0);
	assert_non_null(link);
	assert_null(device_link_add(common, larb, 0));
	assert_null(device_link_add(larb, common, DL_FLAG_STATELESS |
				    DL_FLAG_AUTOREMOVE_CONSUMER));

	load(sim, "mtk-smi-larb");
	assert_true(device_is_deferred(larb));
	/* 6.1 names the supplier by dev_name(): smi@14022000 is "14022000.smi" */
	assert_string_equal(larb->deferred_probe_reason,
			    "platform: supplier 14022000.smi not ready");
	load(sim, "mtk-smi-common");
	assert_true(device_is_bound(larb));
	assert_int_equal(link->status, DL_STATE_ACTIVE);

	/* Unbinding the supplier unbinds the consumer first. */
	assert_int_equal(sim_module_unload(sim, sim_builtin_driver("mtk-smi-common")), 0);
	assert_false(device_is_bound(larb));
	assert_int_equal(link->status, DL_STATE_DORMANT);
	sim_free(sim);
}

/* Two machines in one process never see each other. */
static void test_two_machines_are_independent(void **state)
{
	struct sim *a = boot("defer-iommu-present", 0);
	struct sim *b = boot("defer-iommu-present", BOARD_NO_DRIVERS);

	assert_true(device_is_bound(dev(a, "master")));
	assert_false(device_is_bound(dev(b, "master")));
	assert_int_equal(b->dd.probe_attempts, 0);
	sim_free(a);
	sim_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrong_order_costs_nine_probes),
		cmocka_unit_test(test_boot_with_drivers),
		cmocka_unit_test(test_v4_12_waits_for_declared_iommu),
		cmocka_unit_test(test_no_iommu_is_direct),
		cmocka_unit_test(test_optional_iommu_times_out_to_direct),
		cmocka_unit_test(test_mandatory_iommu_fails_after_timeout),
		cmocka_unit_test(test_failed_iommu_times_out_to_direct),
		cmocka_unit_test(test_timeout_zero_and_minus_one),
		cmocka_unit_test(test_managed_link_defers_consumer),
		cmocka_unit_test(test_two_machines_are_independent),
	};

	return unit_run("dd", tests, ARRAY_SIZE(tests));
}
