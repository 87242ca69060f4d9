/*
 * The trace: typed helpers record the text their table entry gives, any
 * number of listeners hear every event in order, and a table entry whose
 * format disagrees with its values does not build.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bug.h>

#include <sim/board.h>
#include <sim/current.h>
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/sim.h>
#include <trace/events/iommu_lab.h>

#include "trace-bad-entry.h"
#include "unit.h"

/* What the listeners heard, one "TAG:EVENT ARGS" line per event and listener. */
struct heard {
	char text[1 << 16];
	size_t len;
};

static struct heard heard;

struct tap {
	struct sim_trace_listener l;
	const char *tag;
	struct heard *heard;
	bool leave;			/* unregister from its own callback */
};

static void tap_event(struct sim_trace_listener *l, struct sim *sim,
		      const struct sim_trace_event *ev)
{
	struct tap *t = container_of(l, struct tap, l);
	struct heard *h = t->heard;
	int n;

	n = snprintf(h->text + h->len, sizeof(h->text) - h->len, "%s:%s %s\n",
		     t->tag, ev->name, ev->args);
	assert_true(n > 0 && (size_t)n < sizeof(h->text) - h->len);
	h->len += n;
	if (t->leave)
		sim_trace_listener_unregister(l);
}

static void tap_init(struct tap *t, const char *tag, struct heard *h)
{
	memset(t, 0, sizeof(*t));
	t->l.event = tap_event;
	t->tag = tag;
	t->heard = h;
}

/*
 * Each helper records its entry's event name and text: the expected
 * strings are the values below put through each entry's format by hand.
 */
static void test_helpers_record_their_format(void **state)
{
	struct sim *sim = sim_new();
	struct device *dev;

	assert_non_null(sim);
	dev = device_alloc(sim, "ovl0", &platform_bus_type, NULL);
	assert_non_null(dev);
	sim_trace_enable(sim, true);

	/* "domain=%s iova=0x%lx pa=0x%llx size=0x%zx ret=%s" */
	trace_map(sim, "dom1", 0x100000, 0x40000000ULL, 0x2000, -ENOMEM);
	/* "dev=%s domain=%s ret=%s" with a device's name and errno 0 */
	trace_attach_device_to_domain(dev, "dom1", 0);
	/* "group=%d dev=%s", the kernel's argument order */
	trace_add_device_to_group(3, dev);
	/* "dev=%s %s ram=..." with the direction spelt out from the flag */
	trace_edu_dma(sim, "edu", 1, 0x1000, 0x40000, 0x80);
	/* a 64-bit address kept whole through a SIM_EVENT */
	trace_vtd_tlb_hit(sim, "nvme", 0xfffff000ULL, 0x1234567000ULL);

	assert_int_equal(sim_trace_count(sim), 5);
	assert_string_equal(sim_trace_get(sim, 0)->name, "map");
	assert_string_equal(sim_trace_get(sim, 0)->args,
			    "domain=dom1 iova=0x100000 pa=0x40000000 size=0x2000 ret=-ENOMEM");
	assert_string_equal(sim_trace_get(sim, 1)->name, "attach_device_to_domain");
	assert_string_equal(sim_trace_get(sim, 1)->args, "dev=ovl0 domain=dom1 ret=0");
	assert_string_equal(sim_trace_get(sim, 2)->name, "add_device_to_group");
	assert_string_equal(sim_trace_get(sim, 2)->args, "group=3 dev=ovl0");
	assert_string_equal(sim_trace_get(sim, 3)->args,
			    "dev=edu to_ram ram=0x1000 buf=0x40000 len=0x80");
	assert_string_equal(sim_trace_get(sim, 4)->args,
			    "dev=nvme iova=0xfffff000 pa=0x1234567000");
	put_device(dev);
	sim_free(sim);
}

/*
 * Two listeners hear every event, first registered first, whether the
 * trace records or not; one that leaves, from its own callback too, hears
 * no more, and the other goes on.
 */
static void test_two_listeners_in_order(void **state)
{
	struct sim *sim = sim_new();
	struct heard *h = &heard;
	struct tap a, b;

	assert_non_null(sim);
	memset(h, 0, sizeof(*h));
	tap_init(&a, "a", h);
	tap_init(&b, "b", h);
	sim_trace_enable(sim, false);
	sim_trace_listener_register(sim, &a.l);
	sim_trace_listener_register(sim, &b.l);

	/* recording is off: the listeners hear, the trace keeps nothing */
	trace_group_alloc(sim, 0);
	trace_irq(sim, 42, "m4u");
	assert_int_equal(sim_trace_count(sim), 0);
	assert_int_equal(sim_trace_total(sim), 2);

	/* recording on: the same, and the trace keeps it too */
	sim_trace_enable(sim, true);
	trace_boot(sim, "mt8173-evb");
	assert_int_equal(sim_trace_count(sim), 1);

	/* a leaves from its own callback: it hears this event, not the next */
	a.leave = true;
	trace_driver_register(sim, "mtk-iommu");
	trace_driver_unregister(sim, "mtk-iommu");

	/* b leaves from outside: nobody hears the last one */
	sim_trace_listener_unregister(&b.l);
	trace_group_release(sim, 0);

	assert_string_equal(h->text,
			    "a:group_alloc group=0\n"
			    "b:group_alloc group=0\n"
			    "a:irq irq=42 name=m4u\n"
			    "b:irq irq=42 name=m4u\n"
			    "a:boot board=mt8173-evb\n"
			    "b:boot board=mt8173-evb\n"
			    "a:driver_register drv=mtk-iommu\n"
			    "b:driver_register drv=mtk-iommu\n"
			    "b:driver_unregister drv=mtk-iommu\n");
	assert_int_equal(sim_trace_count(sim), 4);
	sim_free(sim);
}

/*
 * A board reload: the listeners hear the old machine's teardown, then the
 * new machine's boot as it was recorded, in order, and stay with the new
 * machine.
 */
static void test_listeners_follow_a_reload(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "defer-no-iommu", 0);
	struct sim *old = sim;
	struct heard *h = &heard;
	char path[512], err[256], *expect;
	const char *boot;
	size_t size, len = 0;
	struct tap a;
	void *blob;

	memset(h, 0, sizeof(*h));
	tap_init(&a, "a", h);
	sim_trace_listener_register(sim, &a.l);
	snprintf(path, sizeof(path), "%s/mt8173-evb.dtb", TEST_BOARDS);
	blob = unit_read_file(path, &size);
	assert_non_null(blob);
	assert_int_equal(sim_board_replace(&sim, "mt8173-evb", blob, size, 0, err,
					   sizeof(err)), 0);
	free(blob);
	assert_ptr_not_equal(sim, old);

	/* the old machine's devices went first... */
	boot = strstr(h->text, "a:boot board=mt8173-evb\n");
	assert_non_null(boot);
	assert_non_null(strstr(h->text, "a:device_del "));
	assert_true(strstr(h->text, "a:device_del ") < boot);
	/* ...then the new machine's record, event for event */
	assert_true(sim_trace_count(sim) > 1);
	expect = malloc(sizeof(h->text));
	assert_non_null(expect);
	for (size_t i = 0; i < sim_trace_count(sim); i++) {
		const struct sim_trace_event *ev = sim_trace_get(sim, i);

		len += snprintf(expect + len, sizeof(h->text) - len, "a:%s %s\n",
				ev->name, ev->args);
		assert_true(len < sizeof(h->text));
	}
	assert_string_equal(boot, expect);
	free(expect);

	/* and the listener is the new machine's now */
	trace_boot(sim, "again");
	assert_non_null(strstr(h->text, "a:boot board=again\n"));
	sim_trace_listener_unregister(&a.l);
	sim_free(sim);
}

/*
 * A machine freed with a listener still registered lets it go: the
 * listener is left unlinked, and unregistering it afterwards touches
 * nothing of the freed machine (ASan would see it in the sanitized run).
 */
static void test_free_lets_listeners_go(void **state)
{
	struct sim *sim = sim_new();
	struct heard *h = &heard;
	struct tap a;

	assert_non_null(sim);
	memset(h, 0, sizeof(*h));
	tap_init(&a, "a", h);
	sim_trace_listener_register(sim, &a.l);
	sim_free(sim);
	assert_ptr_equal(a.l.node.next, &a.l.node);
	assert_ptr_equal(a.l.node.prev, &a.l.node);
	sim_trace_listener_unregister(&a.l);
	assert_ptr_equal(a.l.node.next, &a.l.node);
}

/*
 * The proof that every entry's format agrees with its values is the build:
 * sim_trace_emit() is __printf, each helper the table defines passes its
 * entry's format and values to it, and the project compiles with -Werror,
 * so a disagreeing entry stops the build (-Wformat).  What this test adds is
 * that the check bites: tests/unit/trace-bad-entry.c expands three entries
 * that disagree (a number as %s, a conversion without a value, a 64-bit
 * address as %x) through the same macros, and the build recorded how the
 * compiler answered (trace-bad-entry.h, made by tests.mk).
 */
static void test_bad_format_does_not_build(void **state)
{
	assert_int_equal(TRACE_BAD_ENTRY_COMPILED, 0);
	assert_int_equal(TRACE_BAD_ENTRY_FORMAT_ERRORS, 3);
}

/*
 * WARN_ON() logs what 6.1's __warn() (kernel/panic.c) starts with: the
 * "------------[ cut here ]------------" line, then "WARNING: CPU: %d PID:
 * %d at %s:%d %pS" with CPU 0, PID 1, this file and line, and the
 * function without the offsets the simulator has not (sim/base/printk.c);
 * at KERN_WARNING, so a quiet console does not show it.
 */
static void test_warn_on_logs(void **state)
{
	struct sim *sim = sim_new(), *prev = sim_enter(sim);
	char want[256];
	int line;

	(void)state;
	line = __LINE__ + 1;
	assert_true(WARN_ON(sim != NULL));
	assert_int_equal(sim_klog_count(sim), 2);
	assert_string_equal(sim_klog_get(sim, 0)->text, "------------[ cut here ]------------");
	snprintf(want, sizeof(want), "WARNING: CPU: 0 PID: 1 at %s:%d %s", __FILE__, line,
		 __func__);
	assert_string_equal(sim_klog_get(sim, 1)->text, want);
	assert_int_equal(sim_klog_get(sim, 1)->level, LOGLEVEL_WARNING);
	assert_false(sim_klog_on_console(sim_klog_get(sim, 1)));
	assert_false(WARN_ON(0));
	assert_int_equal(sim_klog_count(sim), 2);
	sim_enter(prev);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helpers_record_their_format),
		cmocka_unit_test(test_two_listeners_in_order),
		cmocka_unit_test(test_listeners_follow_a_reload),
		cmocka_unit_test(test_free_lets_listeners_go),
		cmocka_unit_test(test_bad_format_does_not_build),
		cmocka_unit_test(test_warn_on_logs),
	};

	return unit_run("trace", tests, ARRAY_SIZE(tests));
}
