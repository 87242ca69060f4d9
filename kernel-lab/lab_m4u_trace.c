// SPDX-License-Identifier: GPL-2.0
/*
 * The trace, in the simulator's format ("[T] EVENT key=value ..."), so
 * that a lab script's `trace show` can be compared with the simulator's.
 * T is the time since the module was loaded; the comparison ignores it.
 *
 * Every event is one of the simulator's, recorded through the helpers of
 * its table, <trace/events/iommu_lab.h>, which hand the event's name and
 * text to lab_trace_event() here (or, in iommu_lab_m4u.ko, to its own,
 * which calls the hooks set here).  Each event comes from the place that
 * knows it best:
 *  - the IOMMU core, through its tracepoints (lab_m4u_tracepoints.c):
 *    add_device_to_group, remove_device_from_group, for the board's
 *    devices;
 *  - the IOMMU core's calls into the M4U driver and a few of its own
 *    functions, through kprobes (lab_m4u_probes.c): iommu_register,
 *    iommu_unregister, probe_device, device_group, group_alloc,
 *    group_release, domain_alloc, domain_free, attach_device_to_domain,
 *    detach_device_from_domain, and the M4U's probe_defer, bind and
 *    unbind;
 *  - the M4U driver itself (iommu_lab_m4u.ko, the simulator's mtk_iommu),
 *    through the hooks set here: its own events (mtk_iommu_*);
 *  - the board and its drivers (lab_m4u_board.c, lab_m4u_drivers.c):
 *    device_add, device_del, driver_register, driver_unregister, and the
 *    SMI and client drivers' probe_defer, bind and unbind.
 * A driver reports bind as its probe succeeds and unbind as its remove
 * ends, which is where the simulator's driver core reports them.  The
 * driver core's own BUS_NOTIFY_BOUND_DRIVER comes too late to use: 6.1's
 * driver_bound() kicks the deferred-probe worker first, and the devices
 * that worker binds may be reported before the one that let them bind.
 *
 * Events arrive from commands and from the deferred-probe worker, some in
 * atomic context (tracepoints), so the buffer has a spinlock and a fixed
 * size: the oldest events go first.
 */
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <trace/events/iommu_lab.h>

#include "lab.h"
#include "lab_m4u.h"

#define TRACE_EVENTS	4096
#define TRACE_TEXT	240	/* "EVENT key=value ...", with its NUL */

struct trace_event {
	u64 ns;
	u8 name_len;		/* the EVENT part of text */
	char text[TRACE_TEXT];
};

static DEFINE_SPINLOCK(trace_lock);	/* the buffer and the watch list */
static struct trace_event *events;
static unsigned int first, count;	/* a ring: the oldest, how many */
static bool enabled;
static u64 epoch;
static struct device *watched[LAB_M4U_MAX_DEVS];

static __printf(2, 0) void lab_vtrace(const char *event, const char *fmt, va_list ap)
{
	struct trace_event *ev;
	unsigned long flags;
	size_t len;
	int n;

	spin_lock_irqsave(&trace_lock, flags);
	if (!enabled || !events)
		goto out_unlock;
	ev = &events[(first + count) % TRACE_EVENTS];
	if (count == TRACE_EVENTS)
		first = (first + 1) % TRACE_EVENTS;
	else
		count++;
	ev->ns = ktime_get_ns() - epoch;
	n = strscpy(ev->text, event, TRACE_TEXT - 1);
	len = n < 0 ? TRACE_TEXT - 2 : n;
	ev->name_len = len;
	ev->text[len] = ' ';
	n = vsnprintf(ev->text + len + 1, TRACE_TEXT - len - 1, fmt, ap);
	if (!n)
		ev->text[len] = '\0';
out_unlock:
	spin_unlock_irqrestore(&trace_lock, flags);
}

void lab_trace_event(const char *event, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lab_vtrace(event, fmt, ap);
	va_end(ap);
}

static struct device **find_watched(struct device *dev)
{
	int i;

	for (i = 0; i < LAB_M4U_MAX_DEVS; i++)
		if (watched[i] == dev)
			return &watched[i];
	return NULL;
}

int lab_trace_watch(struct device *dev)
{
	struct device **w;
	int ret = 0;

	spin_lock_irq(&trace_lock);
	w = find_watched(NULL);
	if (w)
		*w = dev;
	else
		ret = -ENOSPC;
	spin_unlock_irq(&trace_lock);
	return ret;
}

void lab_trace_unwatch(struct device *dev)
{
	struct device **w;

	spin_lock_irq(&trace_lock);
	w = find_watched(dev);
	if (w)
		*w = NULL;
	spin_unlock_irq(&trace_lock);
}

static bool is_watched(struct device *dev)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&trace_lock, flags);
	ret = find_watched(dev);
	spin_unlock_irqrestore(&trace_lock, flags);
	return ret;
}

void lab_trace_group_event(bool added, int group_id, struct device *dev)
{
	if (!is_watched(dev))
		return;
	if (added)
		trace_add_device_to_group(group_id, dev);
	else
		trace_remove_device_from_group(group_id, dev);
}

static const struct lab_m4u_hooks hooks = {
	.trace = lab_vtrace,
	.domain_name = lab_domain_name,
	.larb_bind = lab_m4u_larb_bind,
	.larb_unbind = lab_m4u_larb_unbind,
};

int lab_trace_init(void)
{
	int ret;

	epoch = ktime_get_ns();
	events = vzalloc(array_size(TRACE_EVENTS, sizeof(*events)));
	if (!events)
		return -ENOMEM;
	ret = lab_tracepoints_register();
	if (ret)
		goto out_free;
	lab_m4u_set_hooks(&hooks);
	return 0;

out_free:
	vfree(events);
	events = NULL;
	return ret;
}

void lab_trace_release(void)
{
	lab_m4u_set_hooks(NULL);
	lab_tracepoints_unregister();
	spin_lock_irq(&trace_lock);
	enabled = false;
	spin_unlock_irq(&trace_lock);
	vfree(events);
	events = NULL;
}

static int cmd_trace_on(int argc, char **argv)
{
	spin_lock_irq(&trace_lock);
	enabled = true;
	spin_unlock_irq(&trace_lock);
	return 0;
}

static int cmd_trace_off(int argc, char **argv)
{
	spin_lock_irq(&trace_lock);
	enabled = false;
	spin_unlock_irq(&trace_lock);
	return 0;
}

static int cmd_trace_clear(int argc, char **argv)
{
	spin_lock_irq(&trace_lock);
	first = 0;
	count = 0;
	spin_unlock_irq(&trace_lock);
	return 0;
}

/* Whether @kv is one of the event's key=value words. */
static bool has_key(const char *args, const char *kv)
{
	size_t len = strlen(kv);
	const char *p;

	for (p = args; (p = strstr(p, kv)); p++)
		if ((p == args || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
			return true;
	return false;
}

/* EVENT words select by name (any of them), KEY=VALUE words by arguments (all). */
static bool event_wanted(const struct trace_event *ev, int argc, char **argv)
{
	const char *args = ev->text[ev->name_len] ? ev->text + ev->name_len + 1 : "";
	bool named = false, name_ok = false;
	int i;

	for (i = 0; i < argc; i++) {
		if (strchr(argv[i], '=')) {
			if (!has_key(args, argv[i]))
				return false;
			continue;
		}
		named = true;
		if (strlen(argv[i]) == ev->name_len && !strncmp(ev->text, argv[i], ev->name_len))
			name_ok = true;
	}
	return !named || name_ok;
}

/*
 * trace show [N] [EVENT|KEY=VALUE...]: the last N matching events, oldest
 * first.  The events are copied out one at a time, so that printing does
 * not happen under the spinlock.
 */
static int cmd_trace_show(int argc, char **argv)
{
	struct trace_event *ev;
	unsigned int i, from, shown = 0;
	struct gram_err e;
	u64 n;

	if (gram_parse_trace_count(&argc, &argv, &n, &e))
		return lab_gram_err(&e);
	/* the simulator's checks, from the one grammar: unknown events and keys */
	if (gram_check_trace_words(argc, argv, &e))
		return lab_gram_err(&e);
	ev = kmalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev)
		return lab_err(-ENOMEM, GRAM_E_NOMEM);
	/* Walk back to the Nth matching event... */
	spin_lock_irq(&trace_lock);
	for (from = count; from > 0 && shown < n; from--)
		if (event_wanted(&events[(first + from - 1) % TRACE_EVENTS], argc, argv))
			shown++;
	spin_unlock_irq(&trace_lock);
	/* ...then print forwards; events recorded meanwhile are left out. */
	for (i = from; ; i++) {
		bool gone;

		spin_lock_irq(&trace_lock);
		gone = i >= count || !shown;
		if (!gone)
			*ev = events[(first + i) % TRACE_EVENTS];
		spin_unlock_irq(&trace_lock);
		if (gone)
			break;
		if (!event_wanted(ev, argc, argv))
			continue;
		lab_printf("[%llu.%06llu] %s\n", ev->ns / NSEC_PER_SEC,
			   ev->ns % NSEC_PER_SEC / NSEC_PER_USEC, ev->text);
		shown--;
	}
	kfree(ev);
	return 0;
}

/*
 * The simulator's `trace diff` boots its board again under two eras; a
 * running kernel has one.  The row is here so that `trace` alone lists the
 * same subcommands in both.
 */
static int cmd_trace_diff(int argc, char **argv)
{
	return lab_err(0, "trace diff runs in the simulator only: it boots the board under two eras");
}

const struct lab_cmd lab_trace_cmds[] = {
	{ "trace on", "", cmd_trace_on, "record the software M4U's events" },
	{ "trace off", "", cmd_trace_off, "stop recording events" },
	{ "trace show", GRAM_SPEC_TRACE_SHOW, cmd_trace_show,
	  "print the last N recorded events, or those named and with those keys, oldest first" },
	{ "trace clear", "", cmd_trace_clear, "forget the recorded events" },
	{ "trace diff", "<era> <era> <file>", cmd_trace_diff,
	  "the simulator's: one script under two eras" },
	{ }
};
