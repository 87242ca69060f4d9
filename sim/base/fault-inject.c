/*
 * fail-nth and fail_function for the simulated kernel (lib/fault-inject.c,
 * kernel/fail_function.c).  The countdown and the armed injections are the
 * machine's, as fail-nth is the task's in the kernel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/printk.h>
#include <sim/sim.h>

void sim_fail_nth_set(struct sim *sim, unsigned int nth)
{
	sim->fault.fail_nth = nth;
}

unsigned int sim_fail_nth_get(const struct sim *sim)
{
	return sim->fault.fail_nth;
}

/*
 * should_fail(): with fail-nth set, each call counts it down and the one
 * that reaches zero fails; zero stays, so it fails once.  Slab and page
 * allocations share the countdown, as they share the task's in the
 * kernel; @name is the fault_attr's ("failslab", "fail_page_alloc").
 */
static bool should_fail_nth(struct sim *sim, const char *name, const char *caller)
{
	if (!sim || !sim->fault.fail_nth || --sim->fault.fail_nth)
		return false;
	sim_printk(sim, "FAULT_INJECTION: forcing a failure.");
	sim_printk(sim, "name %s, caller %s", name, caller);
	trace_fault_inject(sim, name, caller);
	return true;
}

bool should_failslab(struct sim *sim, const char *caller)
{
	return should_fail_nth(sim, "failslab", caller);
}

bool should_fail_alloc_page(struct sim *sim, const char *caller)
{
	return should_fail_nth(sim, "fail_page_alloc", caller);
}

void sim_fail_m4u_range_set(struct sim *sim, unsigned int nth)
{
	sim->fault.m4u_range_nth = nth;
}

unsigned int sim_fail_m4u_range_get(const struct sim *sim)
{
	return sim->fault.m4u_range_nth;
}

/*
 * The kernel is told nothing: all it sees is an invalidate that does not
 * complete.  The model traces the loss.
 */
bool should_fail_m4u_range(struct sim *sim)
{
	return sim->fault.m4u_range_nth && !--sim->fault.m4u_range_nth;
}

/*
 * What each callback returns.  Those that return no errno are known by
 * name so that asking for them gets a reason rather than "unknown".
 */
static const struct {
	const char *name;
	bool for_dev;			/* called for one device */
} fail_callbacks[FAIL_CALLBACK_COUNT] = {
	[FAIL_PROBE] = { "probe", true },
	[FAIL_OF_XLATE] = { "of_xlate", true },
	[FAIL_PROBE_DEVICE] = { "probe_device", true },
	[FAIL_DEVICE_GROUP] = { "device_group", true },
	[FAIL_DOMAIN_ALLOC] = { "domain_alloc", false },
	[FAIL_ATTACH_DEV] = { "attach_dev", true },
	[FAIL_MAP] = { "map", false },
};

static const struct {
	const char *name;
	const char *returns;
} no_errno_callbacks[] = {
	{ "def_domain_type", "a domain type" },
	{ "is_attach_deferred", "a bool" },
	{ "enforce_cache_coherency", "a bool" },
	{ "unmap", "the bytes it unmapped" },
	{ "iova_to_phys", "an address" },
	{ "release_device", "nothing" },
	{ "probe_finalize", "nothing" },
	{ "get_resv_regions", "nothing" },
	{ "detach_dev", "nothing" },
	{ "set_platform_dma_ops", "nothing" },
	{ "flush_iotlb_all", "nothing" },
	{ "iotlb_sync", "nothing" },
	{ "iotlb_sync_map", "nothing" },
	{ "free", "nothing" },
	{ "remove", "nothing" },
};

const char *sim_fail_callback_name(enum fail_callback cb)
{
	return cb < FAIL_CALLBACK_COUNT ? fail_callbacks[cb].name : "?";
}

int sim_fail_callback_lookup(const char *name, char *why, size_t whylen)
{
	for (int cb = 0; cb < FAIL_CALLBACK_COUNT; cb++)
		if (!strcmp(fail_callbacks[cb].name, name))
			return cb;
	for (size_t i = 0; i < ARRAY_SIZE(no_errno_callbacks); i++) {
		if (strcmp(no_errno_callbacks[i].name, name))
			continue;
		snprintf(why, whylen, "%s returns %s, not an errno", name,
			 no_errno_callbacks[i].returns);
		return -EINVAL;
	}
	snprintf(why, whylen, "unknown callback '%s' (use probe, of_xlate, probe_device, device_group, domain_alloc, attach_dev or map)",
		 name);
	return -ENOENT;
}

static int inject_check(const char *name, int err, const char *dev,
			unsigned int count, char *why, size_t whylen)
{
	int cb = sim_fail_callback_lookup(name, why, whylen);

	if (cb < 0)
		return cb;
	if (err >= 0) {
		snprintf(why, whylen, "%s is not an errno", sim_errname(err));
		return -EINVAL;
	}
	/* 6.1's domain_alloc says only NULL: its allocation failed. */
	if (cb == FAIL_DOMAIN_ALLOC && err != -ENOMEM) {
		snprintf(why, whylen, "domain_alloc returns NULL, not an errno: only -ENOMEM, its failed allocation, can be injected");
		return -EINVAL;
	}
	if (dev && !fail_callbacks[cb].for_dev) {
		snprintf(why, whylen, "%s is not called for a device: leave out dev=",
			 name);
		return -EINVAL;
	}
	if (dev && strlen(dev) >= sizeof(((struct sim_inject *)0)->dev)) {
		snprintf(why, whylen, "device name '%s' is too long", dev);
		return -EINVAL;
	}
	if (!count) {
		snprintf(why, whylen, "count must be at least 1");
		return -EINVAL;
	}
	return cb;
}

int sim_inject_add(struct sim *sim, const char *name, int err, const char *dev,
		   unsigned int count, char *why, size_t whylen)
{
	SIM_ENTER(sim);
	struct sim_inject *inj;
	int cb;

	cb = inject_check(name, err, dev, count, why, whylen);
	if (cb < 0)
		return cb;
	/* The machine's own record, not a kernel allocation: never failed. */
	inj = calloc(1, sizeof(*inj));
	if (!inj) {
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	inj->cb = cb;
	inj->err = err;
	inj->count = count;
	if (dev)
		snprintf(inj->dev, sizeof(inj->dev), "%s", dev);
	list_add_tail(&inj->node, &sim->fault.injects);
	return 0;
}

static void inject_free(struct sim_inject *inj)
{
	list_del(&inj->node);
	free(inj);
}

void sim_inject_clear(struct sim *sim)
{
	while (!list_empty(&sim->fault.injects))
		inject_free(list_first_entry(&sim->fault.injects,
					     struct sim_inject, node));
}

void sim_fault_move(struct sim *to, struct sim *from)
{
	to->fault.fail_nth = from->fault.fail_nth;
	from->fault.fail_nth = 0;
	to->fault.m4u_range_nth = from->fault.m4u_range_nth;
	from->fault.m4u_range_nth = 0;
	list_splice_tail_init(&from->fault.injects, &to->fault.injects);
}

int should_fail_callback(struct sim *sim, enum fail_callback cb,
			 const char *dev)
{
	const char *name = sim_fail_callback_name(cb);
	struct sim_inject *inj;
	int err;

	list_for_each_entry(inj, &sim->fault.injects, node) {
		if (inj->cb != cb || (inj->dev[0] && (!dev || strcmp(inj->dev, dev))))
			continue;
		err = inj->err;
		if (!--inj->count)
			inject_free(inj);
		sim_printk(sim, "FAULT_INJECTION: forcing a failure.");
		if (dev) {
			sim_printk(sim, "name fail_function, %s of %s returns %s",
				   name, dev, sim_errname(err));
			trace_fail_function_dev(sim, name, dev, err);
		} else {
			sim_printk(sim, "name fail_function, %s returns %s", name,
				   cb == FAIL_DOMAIN_ALLOC ? "NULL" : sim_errname(err));
			if (cb == FAIL_DOMAIN_ALLOC)
				trace_fail_function_null(sim, name);
			else
				trace_fail_function(sim, name, err);
		}
		return err;
	}
	return 0;
}
