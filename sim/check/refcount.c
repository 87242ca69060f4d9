/*
 * Invariant "refcount": no reference count is negative, or smaller than
 * the references known to be held.  The kernel's refcount_t catches the
 * first as it happens ("refcount_t: underflow; use-after-free."), runtime
 * PM says "Runtime PM usage count underflow!"; the simulator's counters
 * are plain integers, so a wrapped one is caught here instead.  Counted:
 * runtime PM usage, group references (each member holds one), DMA
 * ownership, device-link references.
 */
#include <limits.h>
#include <stdio.h>

#include <sim/device.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>

#include "check.h"

/* An unsigned count past INT_MAX went below zero. */
static bool wrapped(unsigned int count)
{
	return count > INT_MAX;
}

static void check_group(struct check_ctx *ctx, struct iommu_group *group)
{
	unsigned int members = iommu_group_device_count(group);
	char subject[32];

	snprintf(subject, sizeof(subject), "group=%d", group->id);
	if (wrapped(group->refcount))
		check_report(ctx, "refcount", subject,
			     "group %d: refcount_t: underflow; use-after-free.", group->id);
	else if (group->refcount < members)
		check_report(ctx, "refcount", subject,
			     "group %d: %u members hold a reference each, but the count is %u (a put without a get)",
			     group->id, members, group->refcount);
	/*
	 * An owner's claim is exclusive: it needs owner_cnt 0 and makes it 1,
	 * and no DMA-API driver counts itself in after it.
	 */
	if ((group->owner && group->owner_cnt != 1) || wrapped(group->owner_cnt))
		check_report(ctx, "refcount", subject,
			     "group %d: owner_cnt=%u with owner=%s (an owner's claim makes it exactly 1)",
			     group->id, group->owner_cnt, group->owner ? "set" : "none");
}

void check_refcounts(struct check_ctx *ctx)
{
	struct iommu_group *group;
	struct device_link *link;
	struct device *dev;
	char subject[96];

	list_for_each_entry(dev, &ctx->sim->devices, sim_node) {
		if (dev->power.usage_count >= 0)
			continue;
		snprintf(subject, sizeof(subject), "dev=%s", dev_name(dev));
		check_report(ctx, "refcount", subject,
			     "%s: Runtime PM usage count underflow! (usage_count=%d)",
			     dev_name(dev), dev->power.usage_count);
	}
	list_for_each_entry(group, &ctx->sim->groups, sim_node)
		check_group(ctx, group);
	list_for_each_entry(link, &ctx->sim->links, sim_node) {
		if (link->refcount && !wrapped(link->refcount))
			continue;
		/* A link to a removed device is the "freed" check's to report. */
		if (!check_device_live(ctx, link->consumer) ||
		    !check_device_live(ctx, link->supplier))
			continue;
		snprintf(subject, sizeof(subject), "dev=%s", dev_name(link->consumer));
		check_report(ctx, "refcount", subject,
			     "device link %s -> %s: refcount_t: underflow; use-after-free. (refcount=%u)",
			     dev_name(link->consumer), dev_name(link->supplier), link->refcount);
	}
}
