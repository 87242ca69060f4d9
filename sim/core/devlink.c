/*
 * Device links (drivers/base/core.c): a consumer depends on a supplier.
 * A managed link keeps the consumer from probing until the supplier is
 * bound and unbinds the consumer before the supplier goes; a stateless
 * link is only a record the drivers keep for themselves.
 */
#include <stdlib.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/pm_runtime.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include "core.h"

#define DL_MANAGED_LINK_FLAGS (DL_FLAG_AUTOREMOVE_CONSUMER | \
			       DL_FLAG_AUTOREMOVE_SUPPLIER | \
			       DL_FLAG_AUTOPROBE_CONSUMER)

static bool device_is_dependent(struct device *dev, struct device *target)
{
	struct device_link *link;

	if (dev == target)
		return true;
	list_for_each_entry(link, &dev->links.consumers, s_node)
		if (device_is_dependent(link->consumer, target))
			return true;
	return false;
}

static struct device_link *link_find(struct device *consumer,
				     struct device *supplier)
{
	struct device_link *link;

	/*
	 * The kernel looks through the supplier's consumers; a consumer has
	 * fewer suppliers than a larb has consumers, and every link is on
	 * both lists.
	 */
	list_for_each_entry(link, &consumer->links.suppliers, c_node)
		if (link->supplier == supplier)
			return link;
	return NULL;
}

static enum device_link_state managed_link_state(const struct device_link *link)
{
	if (!device_is_bound(link->supplier))
		return DL_STATE_DORMANT;
	if (device_is_bound(link->consumer))
		return DL_STATE_ACTIVE;
	return DL_STATE_AVAILABLE;
}

struct device_link *device_link_add(struct device *consumer,
				    struct device *supplier, u32 flags)
{
	SIM_ENTER(consumer->sim);
	struct device_link *link;

	if (!consumer || !supplier || consumer->sim != supplier->sim)
		return NULL;
	if ((flags & DL_FLAG_STATELESS) && (flags & DL_MANAGED_LINK_FLAGS))
		return NULL;
	if ((flags & DL_FLAG_AUTOREMOVE_SUPPLIER) &&
	    (flags & DL_FLAG_AUTOPROBE_CONSUMER))
		return NULL;
	/*
	 * The supplier must be on the PM core's list (added and not deleted;
	 * a consumer need not be), and must not already depend on its
	 * consumer.
	 */
	if (!supplier->power.in_dpm_list || device_is_dependent(consumer, supplier))
		return NULL;

	link = link_find(consumer, supplier);
	if (link) {
		link->refcount++;
		return link;
	}

	link = kzalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return NULL;
	/* A link keeps both ends' memory, as drivers/base/core.c's does. */
	link->consumer = get_device(consumer);
	link->supplier = get_device(supplier);
	link->refcount = 1;
	link->flags = flags;
	if (!(flags & DL_FLAG_STATELESS)) {
		link->flags |= DL_FLAG_MANAGED;
		link->status = managed_link_state(link);
	} else {
		link->status = DL_STATE_NONE;
	}
	list_add_tail(&link->s_node, &supplier->links.consumers);
	list_add_tail(&link->c_node, &consumer->links.suppliers);
	list_add_tail(&link->sim_node, &consumer->sim->links);
	trace_device_link_add(consumer, supplier, !(flags & DL_FLAG_STATELESS));
	return link;
}

static void link_free(struct device_link *link)
{
	trace_device_link_del(link->consumer, link->supplier);
	/* the supplier's memory may go now: its name must be read again */
	link->consumer->deferred_reason_buf.supplier = NULL;
	list_del_init(&link->s_node);
	list_del_init(&link->c_node);
	list_del_init(&link->sim_node);
	if (link->rpm_active)
		pm_runtime_put(link->supplier);
	put_device(link->consumer);
	put_device(link->supplier);
	free(link);
}

void device_link_del(struct device_link *link)
{
	if (--link->refcount == 0)
		link_free(link);
}

void device_link_remove(struct device *consumer, struct device *supplier)
{
	struct device_link *link = link_find(consumer, supplier);

	if (link)
		device_link_del(link);
}

int device_links_check_suppliers(struct device *dev)
{
	struct device_link *link;

	list_for_each_entry(link, &dev->links.suppliers, c_node) {
		if (!(link->flags & DL_FLAG_MANAGED))
			continue;
		if (link->status != DL_STATE_AVAILABLE)
			return dev_defer_supplier_not_ready(dev, link->supplier);
		link->status = DL_STATE_CONSUMER_PROBE;
	}
	dev->links.status = DL_DEV_PROBING;
	return 0;
}

void device_links_driver_bound(struct device *dev)
{
	struct device_link *link;

	list_for_each_entry(link, &dev->links.consumers, s_node) {
		if (!(link->flags & DL_FLAG_MANAGED))
			continue;
		link->status = DL_STATE_AVAILABLE;
		if (link->flags & DL_FLAG_AUTOPROBE_CONSUMER)
			driver_deferred_probe_add(link->consumer);
	}
	list_for_each_entry(link, &dev->links.suppliers, c_node)
		if (link->flags & DL_FLAG_MANAGED)
			link->status = DL_STATE_ACTIVE;
}

void device_links_no_driver(struct device *dev)
{
	struct device_link *link;

	list_for_each_entry(link, &dev->links.suppliers, c_node)
		if ((link->flags & DL_FLAG_MANAGED) &&
		    link->status == DL_STATE_CONSUMER_PROBE)
			link->status = DL_STATE_AVAILABLE;
	dev->links.status = DL_DEV_NO_DRIVER;
}

void device_links_unbind_consumers(struct device *dev)
{
	struct device_link *link;

	/* Unbinding may delete links, so start over after each one. */
restart:
	list_for_each_entry(link, &dev->links.consumers, s_node) {
		if (!(link->flags & DL_FLAG_MANAGED))
			continue;
		link->status = DL_STATE_SUPPLIER_UNBIND;
		if (link->consumer->driver) {
			device_release_driver(link->consumer);
			goto restart;
		}
	}
}

void device_links_driver_cleanup(struct device *dev)
{
	struct device_link *link, *next;

	list_for_each_entry_safe(link, next, &dev->links.suppliers, c_node) {
		if (!(link->flags & DL_FLAG_MANAGED))
			continue;
		if (link->flags & DL_FLAG_AUTOREMOVE_CONSUMER)
			link_free(link);
		else
			link->status = device_is_bound(link->supplier) ?
				       DL_STATE_AVAILABLE : DL_STATE_DORMANT;
	}
	list_for_each_entry_safe(link, next, &dev->links.consumers, s_node) {
		if (!(link->flags & DL_FLAG_MANAGED))
			continue;
		if (link->flags & DL_FLAG_AUTOREMOVE_SUPPLIER)
			link_free(link);
		else
			link->status = DL_STATE_DORMANT;
	}
}

/* Drops every link left, newest first, as 6.1's device_links_purge(). */
void device_links_purge(struct device *dev)
{
	while (!list_empty(&dev->links.suppliers))
		link_free(list_last_entry(&dev->links.suppliers,
					  struct device_link, c_node));
	while (!list_empty(&dev->links.consumers))
		link_free(list_last_entry(&dev->links.consumers,
					  struct device_link, s_node));
}
