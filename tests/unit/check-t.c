/*
 * The invariant checks (sim/check/) driven directly: the refcount check,
 * which no console command can provoke (the console refuses a `pm put`
 * below zero, and nothing it offers drops a group reference twice),
 * with the counters set by hand as a buggy driver would leave them; a
 * group that lists a removed device; reporting once and again after
 * sim_check_forget(); and a run leaving the hardware models untouched.
 * The messages are the kernel's where it has one: lib/refcount.c's
 * "refcount_t: underflow; use-after-free.", drivers/base/power/runtime.c's
 * "Runtime PM usage count underflow!", iommu.c's WARN_ON in
 * iommu_group_release_dma_owner().
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sim/check.h>
#include <sim/device.h>
#include <sim/hw.h>
#include <sim/io.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/m4u.h>
#include <sim/pm_runtime.h>
#include <sim/sim.h>

#include "unit.h"

static struct sim *boot(const char *board)
{
	return unit_boot(TEST_BOARDS, board, 0);
}

/* The last kernel log line, "" if there is none. */
static const char *last_klog(struct sim *sim)
{
	size_t n = sim_klog_count(sim);

	return n ? sim_klog_get(sim, n - 1)->text : "";
}

static struct iommu_group *group0(struct sim *sim)
{
	struct iommu_group *group = sim_iommu_group_by_id(sim, 0);

	assert_non_null(group);
	return group;
}

/* Every board boots clean: no violation, nothing reported. */
static void test_boards_clean(void **state)
{
	static const char *const boards[] = {
		"mt8173-evb", "q35-vtd", "q35-vtd-2dmar", "q35-vtd-2edu", "q35-vtd-kdump",
		"q35-vtd-kdump-dma", "kernel-lab-m4u", "defer-iommu-present",
		"defer-no-iommu",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(boards); i++) {
		struct sim_check *check = sim_check_new();
		struct sim *sim = boot(boards[i]);
		size_t lines = sim_klog_count(sim);

		assert_int_equal(sim_check_run(check, sim), 0);
		assert_int_equal(sim_klog_count(sim), lines);
		sim_check_free(check);
		sim_free(sim);
	}
}

static void test_runtime_pm_underflow(void **state)
{
	struct sim_check *check = sim_check_new();
	struct sim *sim = boot("mt8173-evb");
	struct device *ovl0 = sim_find_device(sim, "ovl0");
	const struct sim_trace_event *ev;

	(void)state;
	sim_trace_enable(sim, true);
	ovl0->power.usage_count = -1;
	assert_int_equal(sim_check_run(check, sim), 1);
	assert_string_equal(last_klog(sim),
			    "WARNING: invariant refcount: ovl0: Runtime PM usage count underflow! (usage_count=-1)");
	ev = sim_trace_get(sim, sim_trace_count(sim) - 1);
	assert_string_equal(ev->name, "WARN");
	assert_string_equal(ev->args,
			    "check=refcount dev=ovl0 msg=\"ovl0: Runtime PM usage count underflow! (usage_count=-1)\"");
	ovl0->power.usage_count = 0;
	assert_int_equal(sim_check_run(check, sim), 0);
	sim_check_free(check);
	sim_free(sim);
}

/*
 * Group 0 holds all 17 mt8173 masters; each holds a reference.  One
 * reference fewer is a put without a get; a count that went below zero
 * wraps, which refcount_t would have caught as it happened.
 */
static void test_group_refcount(void **state)
{
	struct sim_check *check = sim_check_new();
	struct sim *sim = boot("mt8173-evb");
	struct iommu_group *group = group0(sim);
	unsigned int saved = group->refcount;

	(void)state;
	assert_int_equal(iommu_group_device_count(group), 17);
	group->refcount = 16;
	assert_int_equal(sim_check_run(check, sim), 1);
	assert_string_equal(last_klog(sim),
			    "WARNING: invariant refcount: group 0: 17 members hold a reference each, but the count is 16 (a put without a get)");
	group->refcount = UINT_MAX;
	assert_int_equal(sim_check_run(check, sim), 1);
	assert_string_equal(last_klog(sim),
			    "WARNING: invariant refcount: group 0: refcount_t: underflow; use-after-free.");
	group->refcount = saved;
	/*
	 * Each master's driver counted itself in at bind (6.1's
	 * platform_dma_configure() -> iommu_device_use_default_domain()):
	 * 17 users and no owner.  An owner beside them is what 6.1's claim
	 * (owner_cnt must be 0, then 1) never lets happen.
	 */
	assert_int_equal(group->owner_cnt, 17);
	assert_null(group->owner);
	group->owner = group;
	assert_int_equal(sim_check_run(check, sim), 1);
	assert_string_equal(last_klog(sim),
			    "WARNING: invariant refcount: group 0: owner_cnt=17 with owner=set (an owner's claim makes it exactly 1)");
	group->owner = NULL;
	assert_int_equal(sim_check_run(check, sim), 0);
	sim_check_free(check);
	sim_free(sim);
}

/* A violation is reported once while it lasts, again once forgotten. */
static void test_report_once(void **state)
{
	struct sim_check *check = sim_check_new();
	struct sim *sim = boot("mt8173-evb");
	struct device *ovl1 = sim_find_device(sim, "ovl1");
	size_t lines;

	(void)state;
	ovl1->power.usage_count = -2;
	assert_int_equal(sim_check_run(check, sim), 1);
	lines = sim_klog_count(sim);
	assert_int_equal(sim_check_run(check, sim), 1);
	assert_int_equal(sim_klog_count(sim), lines);
	/* A changed violation is a new one. */
	ovl1->power.usage_count = -3;
	assert_int_equal(sim_check_run(check, sim), 1);
	assert_int_equal(sim_klog_count(sim), lines + 1);
	sim_check_forget(check);
	assert_int_equal(sim_check_run(check, sim), 1);
	assert_int_equal(sim_klog_count(sim), lines + 2);
	ovl1->power.usage_count = 0;
	sim_check_free(check);
	sim_free(sim);
}

/*
 * A group that still lists a device no longer on the machine: the check
 * compares the pointer with the live devices and never follows it.
 */
static void test_group_lists_removed_device(void **state)
{
	struct sim_check *check = sim_check_new();
	struct sim *sim = boot("mt8173-evb");
	struct group_device stale = { .dev = (struct device *)&stale };
	struct iommu_group *group = group0(sim);

	(void)state;
	list_add_tail(&stale.list, &group->devices);
	group->refcount++;
	assert_int_equal(sim_check_run(check, sim), 1);
	assert_string_equal(last_klog(sim),
			    "WARNING: invariant freed: group 0 still lists a device that was removed");
	list_del(&stale.list);
	group->refcount--;
	sim_check_free(check);
	sim_free(sim);
}

/*
 * A run with something to report and a full TLB to read changes nothing
 * but the report: TLB entries (use stamps included) and counters, the
 * trace apart from its WARN, guest errors, memory.
 */
static void test_run_reads_only(void **state)
{
	struct sim_check *check = sim_check_new();
	struct sim *sim = boot("mt8173-evb");
	struct sim_hw *m4u = sim_hw_first(sim, &sim_m4u_hw_type);
	struct device *ovl0 = sim_find_device(sim, "ovl0");
	struct m4u_tlb_entry before[32];
	struct m4u_tlb_stats stats;
	u64 errors, total;
	size_t events;

	struct iommu_domain *dom0 = group0(sim)->default_domain;
	struct sim_bus_master master;
	u8 buf[16];

	(void)state;
	sim_trace_enable(sim, true);
	/* ovl0's read fills the TLB; its larb keeps the port bit while active. */
	assert_int_equal(iommu_map(dom0, 0x100000, 0x40100000, 0x1000,
				   IOMMU_READ | IOMMU_WRITE), 0);
	assert_int_equal(pm_runtime_get_sync(ovl0), 0);
	dev_bus_master(ovl0, &master);
	assert_int_equal(sim_dma_access(&master, 0, 0x100000, buf, sizeof(buf), false,
					NULL, NULL), 0);
	assert_true(sim_m4u_tlb_entry(m4u, 0)->valid);
	/* The M4U's PT_BASE moved: a translation and a TLB violation to report. */
	sim_mmio_write(sim, 0x10205000, 0x40008000, 4);
	for (unsigned int i = 0; i < ARRAY_SIZE(before); i++)
		before[i] = *sim_m4u_tlb_entry(m4u, i);
	stats = *sim_m4u_tlb_stats(m4u);
	errors = sim->guest_errors;
	events = sim_trace_count(sim);
	total = sim_trace_total(sim);

	assert_int_equal(sim_check_run(check, sim), 2);
	for (unsigned int i = 0; i < ARRAY_SIZE(before); i++)
		assert_memory_equal(sim_m4u_tlb_entry(m4u, i), &before[i], sizeof(before[i]));
	assert_memory_equal(sim_m4u_tlb_stats(m4u), &stats, sizeof(stats));
	assert_int_equal(sim->guest_errors, errors);
	assert_int_equal(sim_trace_count(sim), events + 2);
	assert_int_equal(sim_trace_total(sim), total + 2);
	assert_string_equal(sim_trace_get(sim, events)->name, "WARN");
	assert_string_equal(sim_trace_get(sim, events + 1)->name, "WARN");
	assert_int_equal(ovl0->power.usage_count, 1);
	pm_runtime_put(ovl0);
	sim_check_free(check);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boards_clean),
		cmocka_unit_test(test_runtime_pm_underflow),
		cmocka_unit_test(test_group_refcount),
		cmocka_unit_test(test_report_once),
		cmocka_unit_test(test_group_lists_removed_device),
		cmocka_unit_test(test_run_reads_only),
	};

	return unit_run("check", tests, ARRAY_SIZE(tests));
}
