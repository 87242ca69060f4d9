/*
 * Fault injection, as the kernel's lib/fault-inject.c offers it: failing
 * the simulated kernel's allocations on purpose (fail-nth over failslab)
 * and making a driver callback return an error instead of running
 * (fail_function).  Both live in the machine, and survive board loads and
 * resets, so that a failure can be aimed at a boot.
 *
 * Every forced failure is reported as the kernel reports it, a
 * "FAULT_INJECTION: forcing a failure." line in the kernel log, followed
 * here by what failed (the kernel dumps the stack), and as a fault_inject
 * trace event.
 */
#ifndef SIM_FAULT_INJECT_H
#define SIM_FAULT_INJECT_H

#include <stddef.h>

#include <sim/list.h>
#include <sim/types.h>

struct sim;

/*
 * fail-nth (/proc/self/task/TID/fail-nth): the @nth allocation from now
 * fails, once; 1 is the very next one, 0 turns it off.
 */
void sim_fail_nth_set(struct sim *sim, unsigned int nth);
/*
 * What reading fail-nth gives: the allocations still to go before the
 * failure, counting the failing one; 0 once it has happened (or when off).
 */
unsigned int sim_fail_nth_get(const struct sim *sim);
/* Every allocation asks one of these first: true when this one must fail. */
bool should_failslab(struct sim *sim, const char *caller);
bool should_fail_alloc_page(struct sim *sim, const char *caller);

/*
 * A hardware fault rather than the kernel's: the @nth range invalidate an
 * M4U model is asked for from now is lost, once (it never completes, so
 * CPE_DONE is not set and the TLB keeps the range); 0 turns it off.  The
 * get reads back what is left, as fail-nth does.
 */
void sim_fail_m4u_range_set(struct sim *sim, unsigned int nth);
unsigned int sim_fail_m4u_range_get(const struct sim *sim);
/* Asked by the M4U model for each range invalidate: true when it is lost. */
bool should_fail_m4u_range(struct sim *sim);

/* The driver callbacks an injection can fail, at the core's call sites. */
enum fail_callback {
	FAIL_PROBE,		/* struct device_driver.probe, from really_probe() */
	FAIL_OF_XLATE,		/* iommu_ops.of_xlate, from of_iommu_xlate() */
	FAIL_PROBE_DEVICE,	/* iommu_ops.probe_device */
	FAIL_DEVICE_GROUP,	/* iommu_ops.device_group */
	FAIL_DOMAIN_ALLOC,	/* iommu_ops.domain_alloc: NULL, not an errno */
	FAIL_ATTACH_DEV,	/* iommu_domain_ops.attach_dev */
	FAIL_MAP,		/* iommu_domain_ops.map or map_pages */
	FAIL_CALLBACK_COUNT
};

/* One armed injection. */
struct sim_inject {
	struct list_head node;		/* sim->fault.injects, in the order made */
	enum fail_callback cb;
	int err;			/* a negative errno */
	char dev[64];			/* only calls for this device; "" for any */
	unsigned int count;		/* calls still to fail */
};

const char *sim_fail_callback_name(enum fail_callback cb);
/*
 * The callback called @name, or -ENOENT for a name it does not know and
 * -EINVAL for one that returns no errno, with a one-line reason in @why.
 */
int sim_fail_callback_lookup(const char *name, char *why, size_t whylen);

/*
 * Arms an injection: the next @count calls of callback @name (for device
 * @dev only, if not NULL) return @err instead of running.  Returns 0, or
 * -ENOENT for a callback it does not know, -EINVAL for one that cannot
 * return @err (or is not called for a device, with @dev), a bad @err or
 * @count, -ENOMEM; with a one-line reason in @why.  Nothing changes on
 * failure.  Whether @dev exists is the caller's business.
 */
int sim_inject_add(struct sim *sim, const char *name, int err, const char *dev,
		   unsigned int count, char *why, size_t whylen);
/* Disarms every injection. */
void sim_inject_clear(struct sim *sim);
/*
 * Hands the fail-nth countdown and the armed injections of @from to @to,
 * which had none: a board built on a new machine (sim_board_replace())
 * boots under them, and the machine that stays keeps what is left.
 */
void sim_fault_move(struct sim *to, struct sim *from);

/*
 * Called by the core where it calls @cb (for the device named @dev,
 * dev_name(); NULL where the callback is not a device's).  Returns the
 * errno the callback is to return instead of running, having reported
 * it, or 0 to call it.
 */
int should_fail_callback(struct sim *sim, enum fail_callback cb,
			 const char *dev);

#endif
