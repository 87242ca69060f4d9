/*
 * IOMMU groups (drivers/iommu/iommu.c): the smallest set of devices the
 * IOMMU can isolate from each other.  Allocation with the lowest free
 * number, membership, reference counting, the default domain each group
 * gets, reserved regions, and DMA ownership for VFIO.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/of.h>
#include <sim/slab.h>

#include "iommu-priv.h"

struct iommu_group *sim_iommu_group_by_id(struct sim *sim, int id)
{
	struct iommu_group *group;

	list_for_each_entry(group, &sim->groups, sim_node)
		if (group->id == id)
			return group;
	return NULL;
}

/* Like ida_alloc(): the lowest number no live group has. */
struct iommu_group *iommu_group_alloc(void)
{
	struct sim *sim = sim_current();
	struct iommu_group *group, *pos;
	int id = 0;

	if (!sim)
		return ERR_PTR(-ENODEV);
	list_for_each_entry(pos, &sim->groups, sim_node) {
		if (pos->id != id)
			break;
		id++;
	}
	group = kzalloc(sizeof(*group), GFP_KERNEL);
	if (!group)
		return ERR_PTR(-ENOMEM);
	group->id = id;
	group->sim = sim;
	group->refcount = 1;
	INIT_LIST_HEAD(&group->devices);
	INIT_LIST_HEAD(&group->entry);
	list_add_tail(&group->sim_node, &pos->sim_node);
	trace_group_alloc(sim, id);
	return group;
}

static void iommu_group_release(struct iommu_group *group)
{
	trace_group_release(group->sim, group->id);
	list_del(&group->sim_node);
	if (group->iommu_data_release)
		group->iommu_data_release(group->iommu_data);
	if (group->default_domain)
		iommu_domain_free(group->default_domain);
	if (group->blocking_domain)
		iommu_domain_free(group->blocking_domain);
	free(group);
}

struct iommu_group *iommu_group_get(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	if (group)
		group->refcount++;
	return group;
}

struct iommu_group *iommu_group_ref_get(struct iommu_group *group)
{
	group->refcount++;
	return group;
}

void iommu_group_put(struct iommu_group *group)
{
	if (group && --group->refcount == 0)
		iommu_group_release(group);
}

int iommu_group_id(struct iommu_group *group)
{
	return group->id;
}

void iommu_group_set_iommudata(struct iommu_group *group, void *data,
			       void (*release)(void *data))
{
	group->iommu_data = data;
	group->iommu_data_release = release;
}

unsigned int iommu_group_device_count(struct iommu_group *group)
{
	return list_count(&group->devices);
}

int __iommu_group_for_each_dev(struct iommu_group *group, void *data,
			       int (*fn)(struct device *dev, void *data))
{
	struct group_device *device;
	int ret = 0;

	list_for_each_entry(device, &group->devices, list) {
		ret = fn(device->dev, data);
		if (ret)
			break;
	}
	return ret;
}

int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data))
{
	return __iommu_group_for_each_dev(group, data, fn);
}

/*
 * Before v4.5 adding a device never attached it: group->domain was set
 * but attach_dev not called (the 2015-12 thread).  Since then a device
 * joining a group that has a domain is attached to it, unless its attach
 * is deferred.
 */
int iommu_group_add_device(struct iommu_group *group, struct device *dev)
{
	struct sim *sim = group->sim;
	struct group_device *device;
	int ret = 0;

	device = kzalloc(sizeof(*device), GFP_KERNEL);
	if (!device)
		return -ENOMEM;
	device->dev = dev;
	group->refcount++;
	dev->iommu_group = group;
	list_add_tail(&device->list, &group->devices);

	if (group->domain && !sim_era_has(sim, ERA_GROUP_ADD_NO_ATTACH)) {
		if (sim_era_has(sim, ERA_ATTACH_DEFERRED_FLAG))
			ret = iommu_group_do_dma_first_attach(dev, group->domain);
		else if (!iommu_is_attach_deferred(dev))
			ret = __iommu_attach_device(group->domain, dev);
	}
	if (ret) {
		list_del(&device->list);
		free(device);
		dev->iommu_group = NULL;
		group->refcount--;
		trace_add_device_to_group_fail(group->id, dev, ret);
		return ret;
	}
	trace_add_device_to_group(group->id, dev);
	return 0;
}

void iommu_group_remove_device(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;
	struct group_device *device;

	if (!group)
		return;
	list_for_each_entry(device, &group->devices, list) {
		if (device->dev != dev)
			continue;
		list_del(&device->list);
		free(device);
		trace_remove_device_from_group(group->id, dev);
		dev->iommu_group = NULL;
		iommu_group_put(group);
		return;
	}
}

struct iommu_group *generic_device_group(struct device *dev)
{
	return iommu_group_alloc();
}

/*
 * Functions on one PCI bus: under the same host bridge's node, with the
 * same bus number.
 */
static bool pci_same_bus(const struct device *a, const struct device *b)
{
	return b->bus == &pci_bus_type && a->of_node && b->of_node &&
	       a->of_node->parent == b->of_node->parent &&
	       (a->pci_bdf >> 8) == (b->pci_bdf >> 8);
}

/*
 * 6.1's get_pci_alias_group(): @dev's group, unless @devfns says @dev was
 * looked at already; a referenced group or NULL.  6.1 goes on to the
 * functions @dev is a DMA alias of, or that are aliases of it (quirks,
 * PCIe-to-PCI bridges); the simulator's functions have no aliases.
 */
static struct iommu_group *get_pci_alias_group(struct device *dev, u32 *devfns)
{
	u8 devfn = dev->pci_bdf & 0xff;

	if (devfns[devfn / 32] & BIT(devfn % 32))
		return NULL;
	devfns[devfn / 32] |= BIT(devfn % 32);
	return iommu_group_get(dev);
}

/*
 * 6.1's get_pci_function_alias_group(): the functions of a multi-function
 * device can reach each other without the IOMMU seeing it unless ACS
 * (Access Control Services) stops them, so a function that is one of
 * several joins the group another function of its slot already has.  6.1
 * skips this for a function with ACS, and skips other functions with
 * ACS; the simulator models no ACS capability, and QEMU's q35 functions
 * have none: its ICH9 functions at 00:1f.* are conventional PCI.
 */
static struct iommu_group *get_pci_function_alias_group(struct device *dev,
							u32 *devfns)
{
	struct iommu_group *group;
	struct device *tmp;

	if (!dev->pci_multifunction)
		return NULL;
	list_for_each_entry(tmp, &dev->sim->devices, sim_node) {
		if (tmp == dev || !pci_same_bus(dev, tmp) ||
		    (tmp->pci_bdf & ~7) != (dev->pci_bdf & ~7))
			continue;
		group = get_pci_alias_group(tmp, devfns);
		if (group)
			return group;
	}
	return NULL;
}

/*
 * 6.1's pci_device_group(): the group of the functions @dev cannot be
 * isolated from, or a new one.  The simulator's functions sit right on
 * their host bridge's root bus, with no bridge between (whose lack of ACS
 * would put everything below it in one group) and no DMA alias, so what
 * remains is the multi-function rule: the functions of one slot share a
 * group, a single function has its own.  Groups are made in probe order,
 * the host bridge's bus order, like 6.1's bus_iommu_probe(): on q35-vtd,
 * 0 the MCH, 1 VGA, 2 the NIC, 3 edu, 4 the ICH9 functions.
 */
struct iommu_group *pci_device_group(struct device *dev)
{
	u32 devfns[256 / 32] = { 0 };
	struct iommu_group *group;

	if (dev->bus != &pci_bus_type)
		return ERR_PTR(-EINVAL);
	group = get_pci_alias_group(dev, devfns);
	if (group)
		return group;
	group = get_pci_function_alias_group(dev, devfns);
	if (group)
		return group;
	return iommu_group_alloc();
}

unsigned int iommu_def_domain_type(struct sim *sim)
{
	if (sim_era_has(sim, ERA_DMA_DOMAIN_ONLY))
		return IOMMU_DOMAIN_DMA;
	if (sim->params.iommu_passthrough)
		return IOMMU_DOMAIN_IDENTITY;
	return sim->params.iommu_strict ? IOMMU_DOMAIN_DMA : IOMMU_DOMAIN_DMA_FQ;
}

static unsigned int iommu_get_def_domain_type(struct device *dev)
{
	const struct iommu_ops *ops = dev_iommu_ops(dev);

	return ops && ops->def_domain_type ? ops->def_domain_type(dev) : 0;
}

/* A driver that cannot make @type falls back to a DMA domain, as 6.1 does. */
int iommu_group_alloc_default_domain(struct iommu_group *group,
				     unsigned int type)
{
	struct sim *sim = group->sim;
	struct iommu_domain *dom;

	dom = __iommu_domain_alloc(sim, sim->iommu_ops, type, "default");
	if (!dom && type != IOMMU_DOMAIN_DMA) {
		trace_default_domain_fallback(sim, group->id, iommu_domain_type_str(type));
		dom = __iommu_domain_alloc(sim, sim->iommu_ops, IOMMU_DOMAIN_DMA,
					   "default");
	}
	if (!dom) {
		trace_default_domain_nomem(sim, group->id);
		return -ENOMEM;
	}
	group->default_domain = dom;
	if (!group->domain)
		group->domain = dom;
	trace_default_domain(sim, group->id, dom->name, iommu_domain_type_str(dom->type));
	return 0;
}

int iommu_alloc_default_domain(struct iommu_group *group, struct device *dev)
{
	unsigned int type;

	if (group->default_domain)
		return 0;
	type = iommu_get_def_domain_type(dev);
	if (!type)
		type = iommu_def_domain_type(group->sim);
	return iommu_group_alloc_default_domain(group, type);
}

/* Every member's preference; two that disagree get the global default. */
void probe_alloc_default_domain(struct iommu_group *group)
{
	struct group_device *gdev;
	struct device *first = NULL;
	unsigned int type = 0;

	if (group->default_domain)
		return;
	list_for_each_entry(gdev, &group->devices, list) {
		unsigned int t = iommu_get_def_domain_type(gdev->dev);

		if (!t)
			continue;
		if (type && type != t) {
			trace_def_domain_conflict(group->id, gdev->dev, first);
			type = 0;
		}
		if (!first) {
			first = gdev->dev;
			type = t;
		}
	}
	if (!type)
		type = iommu_def_domain_type(group->sim);
	iommu_group_alloc_default_domain(group, type);
}

struct iommu_resv_region *iommu_alloc_resv_region(phys_addr_t start,
						  size_t length, int prot,
						  enum iommu_resv_type type,
						  gfp_t gfp)
{
	struct iommu_resv_region *region = kzalloc(sizeof(*region), gfp);

	if (!region)
		return NULL;
	INIT_LIST_HEAD(&region->list);
	region->start = start;
	region->length = length;
	region->prot = prot;
	region->type = type;
	return region;
}

void iommu_get_resv_regions(struct device *dev, struct list_head *list)
{
	const struct iommu_ops *ops = dev_iommu_ops(dev);

	if (ops && ops->get_resv_regions)
		ops->get_resv_regions(dev, list);
}

void iommu_put_resv_regions(struct device *dev, struct list_head *list)
{
	struct iommu_resv_region *entry, *next;

	(void)dev;
	list_for_each_entry_safe(entry, next, list, list) {
		list_del(&entry->list);
		free(entry);
	}
}

/*
 * Adds a copy of @new to @regions, sorted by start; same-type overlaps
 * merge into it.  The copy is made first, as 6.1 makes it, so that a
 * failure leaves @regions as it was.
 */
static int iommu_insert_resv_region(struct sim *sim,
				    struct iommu_resv_region *new,
				    struct list_head *regions)
{
	struct iommu_resv_region *iter, *next, *nr;
	phys_addr_t start = new->start, end = new->start + new->length - 1;

	nr = iommu_alloc_resv_region(start, new->length, new->prot,
				     new->type, GFP_KERNEL);
	if (!nr)
		return -ENOMEM;
	list_for_each_entry_safe(iter, next, regions, list) {
		phys_addr_t iend = iter->start + iter->length - 1;

		if (iter->type != new->type || iend + 1 < start || iter->start > end + 1)
			continue;
		if (iter->start < start)
			start = iter->start;
		if (iend > end)
			end = iend;
		list_del(&iter->list);
		free(iter);
	}
	nr->start = start;
	nr->length = end - start + 1;
	list_for_each_entry(iter, regions, list)
		if (iter->start > nr->start ||
		    (iter->start == nr->start && iter->type > nr->type))
			break;
	list_add_tail(&nr->list, &iter->list);
	return 0;
}

int iommu_get_group_resv_regions(struct iommu_group *group,
				 struct list_head *head)
{
	SIM_ENTER(group->sim);
	struct group_device *device;
	int ret = 0;

	list_for_each_entry(device, &group->devices, list) {
		struct iommu_resv_region *region;
		LIST_HEAD(dev_resv_regions);

		iommu_get_resv_regions(device->dev, &dev_resv_regions);
		list_for_each_entry(region, &dev_resv_regions, list) {
			ret = iommu_insert_resv_region(group->sim, region, head);
			if (ret)
				break;
		}
		iommu_put_resv_regions(device->dev, &dev_resv_regions);
		if (ret)
			break;
	}
	return ret;
}

/* A driver that knows no blocked domain gets an empty unmanaged one. */
static int __iommu_group_alloc_blocking_domain(struct iommu_group *group)
{
	struct sim *sim = group->sim;

	if (group->blocking_domain)
		return 0;
	group->blocking_domain = __iommu_domain_alloc(sim, sim->iommu_ops,
						      IOMMU_DOMAIN_BLOCKED,
						      "blocking");
	if (!group->blocking_domain)
		group->blocking_domain =
			__iommu_domain_alloc(sim, sim->iommu_ops,
					     IOMMU_DOMAIN_UNMANAGED, "blocking");
	return group->blocking_domain ? 0 : -EINVAL;
}

int iommu_group_claim_dma_owner(struct iommu_group *group, void *owner)
{
	int ret;

	if (group->owner_cnt)
		return -EPERM;
	if (group->domain && group->domain != group->default_domain)
		return -EBUSY;
	ret = __iommu_group_alloc_blocking_domain(group);
	if (ret)
		return ret;
	ret = __iommu_group_set_domain(group, group->blocking_domain);
	if (ret)
		return ret;
	group->owner = owner;
	group->owner_cnt++;
	return 0;
}

int iommu_device_use_default_domain(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	if (!group || sim_era_has(dev->sim, ERA_NO_DMA_OWNERSHIP))
		return 0;
	if (group->owner_cnt && (group->owner || group->domain != group->default_domain))
		return -EBUSY;
	group->owner_cnt++;
	return 0;
}

void iommu_device_unuse_default_domain(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	if (!group || sim_era_has(dev->sim, ERA_NO_DMA_OWNERSHIP))
		return;
	if (!group->owner_cnt) {
		trace_warn_group(group->sim, group->id, "WARN_ON(!group->owner_cnt)");
		return;
	}
	group->owner_cnt--;
}

void iommu_group_release_dma_owner(struct iommu_group *group)
{
	if (!group->owner_cnt)
		return;
	group->owner_cnt = 0;
	group->owner = NULL;
	__iommu_group_set_domain(group, group->default_domain);
}
