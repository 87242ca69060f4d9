/*
 * The driver core's probe path and deferred probing against
 * drivers/base/dd.c: which devices defer, with what reason, how many
 * really_probe() calls a load order costs, and the deferred-probe timeout.
 * Every count below is worked out by hand from dd.c in a comment.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/dma-map-ops.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/sim.h>
#include <sim/trace.h>

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

/*
 * Only a device on the PM core's list can supply a link.  6.1's
 * device_link_add() (drivers/base/core.c) returns NULL when
 * !device_pm_initialized(supplier), that is !dev->power.in_dpm_list
 * (CONFIG_PM_SLEEP=y, Debian's): device_add() sets it in device_pm_add(),
 * device_del() clears it in device_pm_remove(), device_initialize() alone
 * leaves it false.  The consumer need not be added (the function's
 * comment: "The consumer device need not be registered").
 */
static void test_link_needs_an_added_supplier(void **state)
{
	struct sim *sim = boot("defer-iommu-present", BOARD_NO_DRIVERS);
	struct device *larb = dev(sim, "larb0"), *common = dev(sim, "smi_common");
	struct device *spare = device_alloc(sim, "spare", &platform_bus_type, NULL);
	struct device_link *link;

	assert_non_null(spare);
	/* made, not added: no supplier yet, but a consumer already */
	assert_null(device_link_add(larb, spare, DL_FLAG_STATELESS));
	link = device_link_add(spare, common, DL_FLAG_STATELESS);
	assert_non_null(link);
	device_link_del(link);

	/* added: it supplies */
	assert_int_equal(device_add(spare), 0);
	link = device_link_add(larb, spare, DL_FLAG_STATELESS);
	assert_non_null(link);
	device_link_del(link);

	/* deleted, its memory still held (as mtk_iommu holds a larb's): none */
	get_device(common);
	device_unregister(common);
	assert_null(device_link_add(larb, common, DL_FLAG_STATELESS));
	assert_null(device_link_add(larb, common, 0));
	assert_true(list_empty(&common->links.consumers));
	assert_true(list_empty(&larb->links.suppliers));
	put_device(common);

	device_unregister(spare);
	sim_free(sim);
}

/*
 * A board of three lab DMA masters at the root, master@0 to master@2, with
 * no "reg": bench/deferred-probe-storm's board for N=3.
 */
static struct sim *boot_three_masters(void)
{
	static const char *const names[] = { "master@0", "master@1", "master@2" };
	char fdt[4096], err[256];
	struct sim *sim = sim_new();

	assert_non_null(sim);
	assert_int_equal(fdt_create(fdt, sizeof(fdt)), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(fdt_begin_node(fdt, names[i]), 0);
		assert_int_equal(fdt_property_string(fdt, "compatible",
						     "iommu-lab,dma-master"), 0);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	assert_int_equal(sim_board_boot(sim, "three", fdt, fdt_totalsize(fdt),
					 BOARD_NO_DRIVERS, err, sizeof(err)), 0);
	return sim;
}

/* The probe_defer and bind events since the trace was last cleared, one string. */
static char *probe_events(struct sim *sim)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	for (size_t i = 0; i < sim_trace_count(sim); i++) {
		const struct sim_trace_event *ev = sim_trace_get(sim, i);

		if (!strcmp(ev->name, "probe_defer") || !strcmp(ev->name, "bind"))
			fprintf(f, "%s %s\n", ev->name, ev->args);
	}
	fclose(f);
	return out;
}

/*
 * The deferred-probe storm for N=3: master i consumes master i+1 through a
 * managed link (flags 0: no autoprobe), and lab-dma-master is loaded last,
 * so driver_attach() offers the masters in device order.
 *
 *  attach:  m0 #1 defers (its supplier m1 unbound); m1 #2 defers (m2);
 *           m2 #3 binds -> trigger: the pending [m0, m1] go to the active
 *           list, the work is queued.
 *  work:    m0 #4 defers (m1 still unbound) and goes back to pending;
 *           m1 #5 binds -> trigger: pending [m0] to active; m0 #6 binds.
 *
 * Six attempts, 3*4/2; m0 three, m1 two, m2 one.  Each reason is
 * dev_err_probe()'s "%s: %pV" with dev_driver_string() -- the bus, as
 * really_probe() checks the suppliers before it sets dev->driver -- and
 * the supplier's dev_name(): of_device_make_bus_id() names a node with no
 * "reg" under the root by its full name, "master@1".
 */
static void test_chain_of_three_binds_in_six_attempts(void **state)
{
	struct sim *sim = boot_three_masters();
	struct device *m[3];
	char *events;

	for (int i = 0; i < 3; i++) {
		char kname[16];

		snprintf(kname, sizeof(kname), "master@%d", i);
		m[i] = NULL;
		for (struct list_head *p = sim->devices.next; p != &sim->devices; p = p->next) {
			struct device *d = list_entry(p, struct device, sim_node);

			if (!strcmp(dev_kernel_name(d), kname))
				m[i] = d;
		}
		assert_non_null(m[i]);
	}
	assert_non_null(device_link_add(m[0], m[1], 0));
	assert_non_null(device_link_add(m[1], m[2], 0));
	sim_trace_clear(sim);

	load(sim, "lab-dma-master");
	assert_int_equal(sim->dd.probe_attempts, 6);
	assert_int_equal(m[0]->probe_attempts, 3);
	assert_int_equal(m[1]->probe_attempts, 2);
	assert_int_equal(m[2]->probe_attempts, 1);
	for (int i = 0; i < 3; i++) {
		assert_true(device_is_bound(m[i]));
		assert_null(m[i]->deferred_probe_reason);
	}
	events = probe_events(sim);
	{
		char want[1024];

		snprintf(want, sizeof(want),
			 "probe_defer dev=%s drv=lab-dma-master reason=\"platform: supplier master@1 not ready\"\n"
			 "probe_defer dev=%s drv=lab-dma-master reason=\"platform: supplier master@2 not ready\"\n"
			 "bind dev=%s drv=lab-dma-master\n"
			 "probe_defer dev=%s drv=lab-dma-master reason=\"platform: supplier master@1 not ready\"\n"
			 "bind dev=%s drv=lab-dma-master\n"
			 "bind dev=%s drv=lab-dma-master\n",
			 dev_name(m[0]), dev_name(m[1]), dev_name(m[2]), dev_name(m[0]),
			 dev_name(m[1]), dev_name(m[0]));
		assert_string_equal(events, want);
	}
	free(events);
	sim_free(sim);
}

/* Whether line @text is in @sim's kernel log. */
static bool logged(struct sim *sim, const char *text)
{
	for (size_t i = 0; i < sim_klog_count(sim); i++)
		if (!strcmp(sim_klog_get(sim, i)->text, text))
			return true;
	return false;
}

/*
 * fail-nth on the reason: 6.1's device_set_deferred_probe_reason() frees
 * the reason before and kasprintf()s the new one, so a failed allocation
 * leaves none.  larb0 (consumer of smi_common by a managed link) defers on
 * the load of mtk-smi-larb; with fail-nth=1 the retry's first counted
 * allocation is that kasprintf() -- nothing before it in
 * deferred_probe_work_func(), bus_probe_device(), the match or the
 * supplier check allocates -- so the retry defers with no reason, and the
 * retry after it, with fail-nth spent, has the reason again.
 */
static void test_reason_allocation_fails_under_fail_nth(void **state)
{
	struct sim *sim = boot("defer-iommu-present", BOARD_NO_DRIVERS);
	struct device *larb = dev(sim, "larb0"), *common = dev(sim, "smi_common");
	const char *reason = "platform: supplier 14022000.smi not ready";
	const struct sim_trace_event *ev;

	assert_non_null(device_link_add(larb, common, 0));
	load(sim, "mtk-smi-larb");
	assert_string_equal(larb->deferred_probe_reason, reason);

	sim_fail_nth_set(sim, 1);
	sim_trace_clear(sim);
	driver_deferred_probe_trigger(sim);
	sim_run_due(sim);
	assert_int_equal(larb->probe_attempts, 2);
	assert_true(device_is_deferred(larb));
	assert_null(larb->deferred_probe_reason);
	assert_true(logged(sim, "FAULT_INJECTION: forcing a failure."));
	assert_true(logged(sim, "name failslab, caller dev_err_probe"));
	ev = sim_trace_get(sim, sim_trace_count(sim) - 1);
	assert_string_equal(ev->name, "probe_defer");
	assert_string_equal(ev->args, "dev=larb0 drv=mtk-smi-larb reason=\"\"");

	driver_deferred_probe_trigger(sim);
	sim_run_due(sim);
	assert_int_equal(larb->probe_attempts, 3);
	assert_string_equal(larb->deferred_probe_reason, reason);
	sim_free(sim);
}

/*
 * The reason names the supplier the check stopped at, whichever it is
 * now.  larb0 waits for smi_common; its link goes and one to the iommu
 * (no driver: never bound) comes.  A sysfs bind does not clear the reason
 * first, as deferred_probe_work_func() does (6.1's device_driver_attach()
 * goes straight to __driver_probe_device()), so the longer name replaces
 * the reason in place: "10205000.iommu", the iommu's dev_name() from its
 * "reg".  The bind returns -EAGAIN for the deferral (sim/device.h).
 */
static void test_reason_follows_a_new_supplier(void **state)
{
	struct sim *sim = boot("defer-iommu-present", BOARD_NO_DRIVERS);
	struct device *larb = dev(sim, "larb0"), *common = dev(sim, "smi_common");
	const struct device_driver *drv;
	const struct bus_type *bus;
	struct device_link *link;

	link = device_link_add(larb, common, 0);
	assert_non_null(link);
	load(sim, "mtk-smi-larb");
	assert_string_equal(larb->deferred_probe_reason,
			    "platform: supplier 14022000.smi not ready");

	device_link_del(link);
	assert_non_null(device_link_add(larb, dev(sim, "iommu"), 0));
	drv = driver_find_registered(sim, "mtk-smi-larb", &bus);
	assert_non_null(drv);
	assert_int_equal(device_bind_driver_by_user(drv, bus, larb), -EAGAIN);
	assert_int_equal(larb->probe_attempts, 2);
	assert_string_equal(larb->deferred_probe_reason,
			    "platform: supplier 10205000.iommu not ready");

	/* and back to the shorter name, on the deferred-probe work's retry */
	device_link_remove(larb, dev(sim, "iommu"));
	assert_non_null(device_link_add(larb, common, 0));
	driver_deferred_probe_trigger(sim);
	sim_run_due(sim);
	assert_int_equal(larb->probe_attempts, 3);
	assert_string_equal(larb->deferred_probe_reason,
			    "platform: supplier 14022000.smi not ready");
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
		cmocka_unit_test(test_link_needs_an_added_supplier),
		cmocka_unit_test(test_chain_of_three_binds_in_six_attempts),
		cmocka_unit_test(test_reason_allocation_fails_under_fail_nth),
		cmocka_unit_test(test_reason_follows_a_new_supplier),
		cmocka_unit_test(test_two_machines_are_independent),
	};

	return unit_run("dd", tests, ARRAY_SIZE(tests));
}
