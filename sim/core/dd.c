/*
 * Binding devices to drivers, as drivers/base/dd.c does it: really_probe()
 * with its supplier check and DMA configuration, and deferred probing.  A
 * probe that returns -EPROBE_DEFER parks the device on the pending list;
 * every successful bind moves the whole pending list to the active list
 * and queues the work that retries it, one device at a time.  The work is
 * an event on the virtual clock, so it runs when the current command has
 * finished, as the kernel's workqueue runs after the caller returns.
 */
/*
 * The device events' trace helpers are this file's own inline copies: a
 * retry that traces probe_defer with the trace off costs a count and a
 * test, not a call (TRACE_DEFINE_DEV_EVENT_INLINE, <sim/trace.h>).
 */
#define TRACE_DEV_EVENTS_INLINE

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/irq.h>
#include <sim/printk.h>
#include <sim/slab.h>
#include <sim/sim.h>

#include <sim/trace.h>

#include "core.h"

IOMMU_LAB_TRACE_EVENTS(TRACE_DEFINE_DEV_EVENT_INLINE, TRACE_SKIP_SIM_EVENT)

bool device_is_bound(const struct device *dev)
{
	return dev->driver && dev->links.status == DL_DEV_DRIVER_BOUND;
}

bool device_is_deferred(const struct device *dev)
{
	return !list_empty(&dev->deferred_probe);
}

/* The device's own reason buffer is kept for the next retry, not freed. */
static void set_deferred_reason(struct device *dev, char *reason)
{
	char *old = dev->deferred_probe_reason;

	if (old && old != dev->deferred_reason_buf.text)
		free(old);
	dev->deferred_probe_reason = reason;
}

int dev_err_probe(struct device *dev, int err, const char *fmt, ...)
{
	char *msg, *reason;
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	msg = sim_vasprintf(fmt, ap);
	va_end(ap);
	if (!msg)
		return err;
	/* the kernel's formats end in a newline; a reason does not */
	len = strlen(msg);
	if (len && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	/*
	 * Any other error is logged, as Debian's 6.1 does (__dev_probe_failed()
	 * in drivers/base/core.c): "error -EINVAL: ...", but for -ENOMEM,
	 * which says nothing.
	 */
	if (err != -EPROBE_DEFER) {
		if (err != -ENOMEM)
			dev_err(dev, "error %s: %s", sim_errname(err), msg);
		free(msg);
		return err;
	}
	/* Prefixed as dev_driver_string() does: the driver, else the bus. */
	reason = kasprintf(GFP_KERNEL, "%s: %s",
			   dev->driver ? dev->driver->name : dev->bus->name, msg);
	free(msg);
	set_deferred_reason(dev, reason);
	return err;
}

/*
 * Writes "PREFIX: supplier NAME not ready" into @dev's reason buffer, notes
 * what it was written from and returns it; NULL if out of memory.
 */
static char *write_supplier_reason(struct device *dev, const char *prefix,
				   const struct device *supplier)
{
	static const char middle[] = ": supplier ", end[] = " not ready";
	const char *name = dev_kernel_name(supplier);
	size_t plen = strlen(prefix), nlen = strlen(name);
	size_t size = plen + sizeof(middle) - 1 + nlen + sizeof(end);
	char *text = dev->deferred_reason_buf.text, *p;

	dev->deferred_reason_buf.supplier = NULL;
	if (size > dev->deferred_reason_buf.size) {
		/* the reason before may be the buffer that moves */
		if (dev->deferred_probe_reason == text)
			dev->deferred_probe_reason = NULL;
		text = realloc(text, size);
		if (!text)
			return NULL;
		dev->deferred_reason_buf.text = text;
		dev->deferred_reason_buf.size = size;
	}
	p = text;
	memcpy(p, prefix, plen);
	p += plen;
	memcpy(p, middle, sizeof(middle) - 1);
	p += sizeof(middle) - 1;
	memcpy(p, name, nlen);
	p += nlen;
	memcpy(p, end, sizeof(end));
	dev->deferred_reason_buf.prefix = prefix;
	dev->deferred_reason_buf.supplier = supplier;
	return text;
}

/*
 * dev_defer_supplier_not_ready() when the words or the reason must change,
 * or fail-nth is counting.  Not inlined: a retry that finds the words
 * written costs no register saves.
 */
static __attribute__((noinline))
int defer_with_new_reason(struct device *dev, const struct device *supplier,
			  struct sim *sim, const char *prefix)
{
	char *reason = dev->deferred_reason_buf.text;

	if (sim && should_failslab(sim, "dev_err_probe"))
		reason = NULL;
	else if (dev->deferred_reason_buf.prefix != prefix ||
		 dev->deferred_reason_buf.supplier != supplier)
		reason = write_supplier_reason(dev, prefix, supplier);
	set_deferred_reason(dev, reason);
	return -EPROBE_DEFER;
}

/*
 * What dev_err_probe(dev, -EPROBE_DEFER, "supplier %s not ready\n",
 * dev_kernel_name(supplier)) does, for device_links_check_suppliers(),
 * which every retry of a waiting consumer calls: the same reason and the
 * same allocation counted by fail-nth (kasprintf()'s, whose failure leaves
 * no reason), but the words are the device's own buffer, written again
 * only when they change.
 */
int dev_defer_supplier_not_ready(struct device *dev, const struct device *supplier)
{
	struct sim *sim = sim_current();
	const char *prefix = dev->driver ? dev->driver->name : dev->bus->name;
	char *text = dev->deferred_reason_buf.text;

	/*
	 * A retry finds the words written and no reason of another kind to
	 * free; should_failslab() counts only while fail-nth is set.
	 */
	if ((sim && sim->fault.fail_nth) ||
	    dev->deferred_reason_buf.prefix != prefix ||
	    dev->deferred_reason_buf.supplier != supplier ||
	    (dev->deferred_probe_reason && dev->deferred_probe_reason != text))
		return defer_with_new_reason(dev, supplier, sim, prefix);
	dev->deferred_probe_reason = text;
	return -EPROBE_DEFER;
}

void driver_deferred_probe_add(struct device *dev)
{
	if (!dev->can_match)
		return;
	if (list_empty(&dev->deferred_probe))
		list_add_tail(&dev->deferred_probe, &dev->sim->dd.pending);
}

void driver_deferred_probe_del(struct device *dev)
{
	list_del_init(&dev->deferred_probe);
	set_deferred_reason(dev, NULL);
	free(dev->deferred_reason_buf.text);
	memset(&dev->deferred_reason_buf, 0, sizeof(dev->deferred_reason_buf));
}

void driver_deferred_probe_trigger(struct sim *sim)
{
	SIM_ENTER(sim);
	if (!sim->dd.enabled)
		return;
	sim->dd.trigger_count++;
	list_splice_tail_init(&sim->dd.pending, &sim->dd.active);
	sim_timer_queue(sim, &sim->dd.work, 0);
}

static void deferred_probe_work_func(struct sim *sim, void *data)
{
	while (!list_empty(&sim->dd.active)) {
		struct device *dev = list_first_entry(&sim->dd.active,
						      struct device,
						      deferred_probe);

		list_del_init(&dev->deferred_probe);
		set_deferred_reason(dev, NULL);
		bus_probe_device(dev);
	}
}

void driver_deferred_probe_flush(struct sim *sim)
{
	SIM_ENTER(sim);
	if (!sim->dd.work.pending)
		return;
	sim_timer_cancel(&sim->dd.work);
	deferred_probe_work_func(sim, NULL);
}

int driver_deferred_probe_check_state(struct device *dev)
{
	struct sim *sim = dev->sim;

	if (!sim->dd.timeout && sim->dd.initcalls_done) {
		trace_probe_timeout(dev);
		dev_warn(dev, "deferred probe timeout, ignoring dependency\n");
		return -ETIMEDOUT;
	}
	return -EPROBE_DEFER;
}

static void deferred_probe_timeout_work_func(struct sim *sim, void *data)
{
	struct device *dev;

	sim->dd.timeout = 0;
	trace_deferred_probe_timeout(sim, list_count(&sim->dd.pending));
	driver_deferred_probe_trigger(sim);
	driver_deferred_probe_flush(sim);
	list_for_each_entry(dev, &sim->dd.pending, deferred_probe) {
		trace_probe_pending(dev);
		dev_info(dev, "deferred probe pending\n");
	}
}

void deferred_probe_init(struct sim *sim)
{
	sim_timer_init(&sim->dd.work, "deferred_probe_work",
		       deferred_probe_work_func, NULL);
	sim_timer_init(&sim->dd.timeout_work, "deferred_probe_timeout_work",
		       deferred_probe_timeout_work_func, NULL);
}

void deferred_probe_initcall(struct sim *sim)
{
	SIM_ENTER(sim);
	sim->dd.enabled = true;
	driver_deferred_probe_trigger(sim);
	driver_deferred_probe_flush(sim);
	sim->dd.initcalls_done = true;

	/* Again, now that nothing optional is waited for any more. */
	driver_deferred_probe_trigger(sim);
	driver_deferred_probe_flush(sim);

	if (sim->dd.timeout > 0)
		sim_timer_queue(sim, &sim->dd.timeout_work,
				(u64)sim->dd.timeout * NSEC_PER_SEC);
}

static void device_unbind_cleanup(struct device *dev)
{
	list_del_init(&dev->driver_node);
	devres_release_all(dev);
	dev->driver = NULL;
	dev->driver_data = NULL;
	dev->links.status = DL_DEV_NO_DRIVER;
}

static void driver_bound(struct device *dev)
{
	dev->links.status = DL_DEV_DRIVER_BOUND;
	dev->bind_seq = ++dev->sim->dd.bind_seq;
	driver_add_bound(dev);
	trace_bind(dev, dev->driver->name);
	device_links_driver_bound(dev);
	driver_deferred_probe_del(dev);
	driver_deferred_probe_trigger(dev->sim);
}

/*
 * really_probe() once the suppliers are ready.  Not inlined: an attempt
 * that waits for a supplier, what a storm of retries is made of, pays for
 * none of its register saves.
 */
static __attribute__((noinline))
int really_probe_suppliers_ready(struct device *dev, const struct device_driver *drv)
{
	int ret;

	dev->driver = drv;
	if (dev->bus->dma_configure) {
		ret = dev->bus->dma_configure(dev);
		if (ret) {
			dev->probe_err = ret;
			goto out_no_driver;
		}
	}

	ret = should_fail_callback(dev->sim, FAIL_PROBE, dev_name(dev));
	if (!ret && dev->bus->probe)
		ret = dev->bus->probe(dev);
	else if (!ret && drv->probe)
		ret = drv->probe(dev);
	dev->probe_err = ret;
	if (ret) {
		if (ret != -EPROBE_DEFER)
			trace_probe_fail(dev, drv->name, ret);
		/* call_driver_probe()'s word on a failure that is not "no match" */
		if (ret != -EPROBE_DEFER && ret != -ENODEV && ret != -ENXIO)
			sim_printk_level(dev->sim, LOGLEVEL_WARNING,
					 "%s: probe of %s failed with error %d",
					 drv->name, dev_kernel_name(dev), ret);
		/* Probe errors travel as positive values, as in the kernel. */
		ret = -ret;
		goto out_dma_cleanup;
	}

	driver_bound(dev);
	return 0;

out_dma_cleanup:
	if (dev->bus->dma_cleanup)
		dev->bus->dma_cleanup(dev);
out_no_driver:
	device_links_no_driver(dev);
	device_unbind_cleanup(dev);
	return ret;
}

/* Returns 0, -EPROBE_DEFER from the supplier or DMA setup, or +errno. */
static int really_probe(struct device *dev, const struct device_driver *drv)
{
	dev->sim->dd.probe_attempts++;
	dev->probe_attempts++;

	if (device_links_check_suppliers(dev) == -EPROBE_DEFER)
		return -EPROBE_DEFER;
	return really_probe_suppliers_ready(dev, drv);
}

/*
 * Inlined into its two callers: a storm of retries goes through it on every
 * attempt, and the call's register saves were a tenth of the attempt.
 */
static inline __attribute__((always_inline))
int driver_probe_device(const struct device_driver *drv, struct device *dev)
{
	unsigned int trigger_count = dev->sim->dd.trigger_count;
	int ret;

	if (!dev->registered)
		return -ENODEV;
	if (dev->driver)
		return -EBUSY;
	dev->can_match = true;

	ret = really_probe(dev, drv);
	if (ret == -EPROBE_DEFER || ret == EPROBE_DEFER) {
		driver_deferred_probe_add(dev);
		trace_probe_defer(dev, drv->name,
				  dev->deferred_probe_reason ? dev->deferred_probe_reason : "");
		/* A bind happened while this probe ran: look again. */
		if (trigger_count != dev->sim->dd.trigger_count)
			driver_deferred_probe_trigger(dev->sim);
	}
	return ret;
}

int device_bind_driver_by_user(const struct device_driver *drv,
			       const struct bus_type *bus, struct device *dev)
{
	SIM_ENTER(dev->sim);
	int ret;

	/* bind_store(): the device must be on the driver's bus and match it */
	if (dev->bus != bus || !driver_match_device(drv, dev))
		return -ENODEV;
	/* device_driver_attach(): __driver_probe_device() without the deferral list */
	if (!dev->registered)
		return -ENODEV;
	if (dev->driver)
		return -EBUSY;
	dev->can_match = true;
	ret = really_probe(dev, drv);
	if (ret > 0)
		ret = -ret;
	return ret == -EPROBE_DEFER ? -EAGAIN : ret;
}

void device_unbind_by_user(struct device *dev)
{
	SIM_ENTER(dev->sim);

	device_release_driver(dev);
}

/*
 * Offers @dev to each registered driver of its bus until one takes it.
 * Inlined into deferred_probe_work_func(), which calls it once a retry.
 */
inline __attribute__((always_inline)) void bus_probe_device(struct device *dev)
{
	struct sim *sim = dev->sim;
	struct driver_reg *reg;

	if (!dev->registered || dev->driver)
		return;
	list_for_each_entry(reg, &sim->drivers, node) {
		int ret;

		if (reg->bus != dev->bus)
			continue;
		ret = driver_match_device(reg->drv, dev);
		if (ret == 0)
			continue;
		if (ret == -EPROBE_DEFER) {
			dev->can_match = true;
			driver_deferred_probe_add(dev);
			return;
		}
		if (ret < 0)
			return;
		/* A failed ->probe() lets the next driver try its luck. */
		ret = driver_probe_device(reg->drv, dev);
		if (ret <= 0)
			return;
	}
}

/* Offers newly registered @drv every matching device of its bus. */
void driver_attach(struct sim *sim, struct driver_reg *reg)
{
	const struct device_driver *drv = reg->drv;
	struct device *dev, *next;

	list_for_each_entry_safe(dev, next, &sim->devices, sim_node) {
		int ret;

		if (dev->bus != reg->bus)
			continue;
		ret = driver_match_device(drv, dev);
		if (ret == 0)
			continue;
		if (ret == -EPROBE_DEFER) {
			dev->can_match = true;
			driver_deferred_probe_add(dev);
			continue;
		}
		if (ret < 0)
			continue;
		driver_probe_device(drv, dev);
	}
}

void device_release_driver(struct device *dev)
{
	const struct device_driver *drv = dev->driver;

	if (!drv)
		return;
	dev->links.status = DL_DEV_UNBINDING;
	device_links_unbind_consumers(dev);
	if (dev->bus->remove)
		dev->bus->remove(dev);
	else if (drv->remove)
		drv->remove(dev);
	if (dev->bus->dma_cleanup)
		dev->bus->dma_cleanup(dev);
	device_links_driver_cleanup(dev);
	device_unbind_cleanup(dev);
	trace_unbind(dev, drv->name);
}
