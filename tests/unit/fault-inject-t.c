/*
 * Fault injection (sim/base/fault-inject.c, sim/base/slab.c): fail-nth
 * counts every allocation down from N and fails the one that reaches
 * zero, once (lib/fault-inject.c's should_fail(); reading fail-nth back
 * gives what is left, 0 once it has fired); an injection fails the next
 * calls of its callback, for its device only when it names one, and is
 * disarmed when its count is spent.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/printk.h>
#include <sim/sim.h>
#include <sim/slab.h>
#include <sim/trace.h>

#include "unit.h"

static void test_fail_nth_counts_down(void **state)
{
	struct sim *sim = sim_new();
	void *p[4];

	assert_non_null(sim);
	/* N=3: two allocations succeed, the third fails, later ones do not. */
	sim_fail_nth_set(sim, 3);
	sim_enter(sim);
	p[0] = kzalloc(16, GFP_KERNEL);
	assert_non_null(p[0]);
	assert_int_equal(sim_fail_nth_get(sim), 2);
	p[1] = kstrdup("ovl0", GFP_KERNEL);
	assert_non_null(p[1]);
	assert_int_equal(sim_fail_nth_get(sim), 1);
	assert_null(kcalloc(4, 8, GFP_KERNEL));
	assert_int_equal(sim_fail_nth_get(sim), 0);
	p[2] = kmalloc(8, GFP_KERNEL);
	p[3] = kasprintf(GFP_KERNEL, "%s: %d", "larb", 1);
	assert_non_null(p[2]);
	assert_string_equal(p[3], "larb: 1");
	assert_int_equal(sim_fail_nth_get(sim), 0);
	sim_enter(NULL);
	for (int i = 0; i < 4; i++)
		free(p[i]);

	/* The failure is reported in the kernel log and the trace. */
	assert_string_equal(sim_klog_get(sim, 0)->text, "FAULT_INJECTION: forcing a failure.");
	assert_string_equal(sim_klog_get(sim, 1)->text,
			    "name failslab, caller test_fail_nth_counts_down");
	assert_int_equal(sim_klog_count(sim), 2);
	assert_string_equal(sim_trace_get(sim, 0)->name, "fault_inject");
	assert_string_equal(sim_trace_get(sim, 0)->args,
			    "name=failslab caller=test_fail_nth_counts_down");
	sim_free(sim);
}

static void test_fail_nth_off_and_krealloc(void **state)
{
	struct sim *sim = sim_new();
	char *p, *q;

	assert_non_null(sim);
	sim_enter(sim);
	/* 0 turns a countdown off before it fires. */
	sim_fail_nth_set(sim, 1);
	sim_fail_nth_set(sim, 0);
	p = kstrndup("abcdef", 3, GFP_KERNEL);
	assert_string_equal(p, "abc");
	/* A failed krealloc leaves the old block as it was. */
	sim_fail_nth_set(sim, 1);
	q = krealloc(p, 64, GFP_KERNEL);
	assert_null(q);
	assert_string_equal(p, "abc");
	free(p);
	/* No machine: never failed on purpose; an overflowing kcalloc fails. */
	sim_fail_nth_set(sim, 1);
	sim_enter(NULL);
	p = kzalloc(4, GFP_KERNEL);
	assert_non_null(p);
	free(p);
	assert_null(kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	assert_int_equal(sim_fail_nth_get(sim), 1);
	sim_free(sim);
}

static void test_inject_matches(void **state)
{
	struct sim *sim = sim_new();
	char why[256];

	assert_non_null(sim);
	assert_int_equal(sim_inject_add(sim, "attach_dev", -ENOMEM, "ovl1", 2,
					why, sizeof(why)), 0);
	assert_int_equal(sim_inject_add(sim, "attach_dev", -EINVAL, NULL, 1,
					why, sizeof(why)), 0);
	/* The first armed injection that matches the call wins. */
	assert_int_equal(should_fail_callback(sim, FAIL_ATTACH_DEV, "ovl1"), -ENOMEM);
	assert_int_equal(should_fail_callback(sim, FAIL_ATTACH_DEV, "ovl0"), -EINVAL);
	assert_int_equal(should_fail_callback(sim, FAIL_ATTACH_DEV, "ovl0"), 0);
	assert_int_equal(should_fail_callback(sim, FAIL_MAP, NULL), 0);
	assert_int_equal(should_fail_callback(sim, FAIL_ATTACH_DEV, "ovl1"), -ENOMEM);
	/* Both spent: disarmed. */
	assert_true(list_empty(&sim->fault.injects));
	assert_int_equal(should_fail_callback(sim, FAIL_ATTACH_DEV, "ovl1"), 0);
	assert_string_equal(sim_trace_get(sim, 0)->args,
			    "name=fail_function callback=attach_dev dev=ovl1 ret=-ENOMEM");

	/* domain_alloc fails with NULL, and has no device. */
	assert_int_equal(sim_inject_add(sim, "domain_alloc", -ENOMEM, NULL, 1,
					why, sizeof(why)), 0);
	assert_int_equal(should_fail_callback(sim, FAIL_DOMAIN_ALLOC, NULL), -ENOMEM);
	assert_string_equal(sim_trace_get(sim, 3)->args,
			    "name=fail_function callback=domain_alloc ret=NULL");
	sim_free(sim);
}

static void test_inject_refuses(void **state)
{
	struct sim *sim = sim_new();
	char why[256];

	assert_non_null(sim);
	assert_int_equal(sim_inject_add(sim, "bogus", -ENOMEM, NULL, 1, why,
					sizeof(why)), -ENOENT);
	assert_int_equal(sim_inject_add(sim, "def_domain_type", -ENOMEM, NULL, 1,
					why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "def_domain_type returns a domain type, not an errno");
	assert_int_equal(sim_inject_add(sim, "domain_alloc", -EINVAL, NULL, 1,
					why, sizeof(why)), -EINVAL);
	assert_int_equal(sim_inject_add(sim, "map", -ENOMEM, "ovl0", 1, why,
					sizeof(why)), -EINVAL);
	assert_int_equal(sim_inject_add(sim, "probe", 0, NULL, 1, why,
					sizeof(why)), -EINVAL);
	assert_int_equal(sim_inject_add(sim, "probe", -ENOMEM, NULL, 0, why,
					sizeof(why)), -EINVAL);
	assert_true(list_empty(&sim->fault.injects));
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail_nth_counts_down),
		cmocka_unit_test(test_fail_nth_off_and_krealloc),
		cmocka_unit_test(test_inject_matches),
		cmocka_unit_test(test_inject_refuses),
	};

	return unit_run("fault-inject", tests, ARRAY_SIZE(tests));
}
