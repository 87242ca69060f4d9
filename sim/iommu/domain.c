/*
 * IOMMU domains and what attaches them (drivers/iommu/iommu.c): allocation
 * and freeing, attach and detach of devices and groups, the return to the
 * core-owned domain, and the DMA API's deferred attach.  The eras differ
 * here: whether the DMA API asks the driver if an attach is deferred
 * (v6.1) or reads the mark the first attach left (v6.2), and whether
 * detach skips a device whose attach is deferred (v6.1) or not (v6.2).
 * One device's attach and detach, and the deferral's mark, are
 * attach_deferred.c's.
 *
 * A freed domain is not given back to its driver while something may still
 * use it: it waits in a quarantine, as KASAN's does, and any later use is
 * reported as a use-after-free instead of corrupting the simulator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bug.h>
#include <sim/current.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>

#include <sim/dma-mapping.h>
#include <sim/vfio.h>

#include "dma-iommu.h"
#include "iommu-priv.h"

const char *iommu_domain_type_str(unsigned int type)
{
	switch (type) {
	case IOMMU_DOMAIN_BLOCKED:
		return "blocked";
	case IOMMU_DOMAIN_IDENTITY:
		return "identity";
	case IOMMU_DOMAIN_UNMANAGED:
		return "unmanaged";
	case IOMMU_DOMAIN_DMA:
		return "DMA";
	case IOMMU_DOMAIN_DMA_FQ:
		return "DMA-FQ";
	default:
		return "unknown";
	}
}

const char *iommu_domain_type_log_str(unsigned int type)
{
	switch (type) {
	case IOMMU_DOMAIN_BLOCKED:
		return "Blocked";
	case IOMMU_DOMAIN_IDENTITY:
		return "Passthrough";
	case IOMMU_DOMAIN_UNMANAGED:
		return "Unmanaged";
	case IOMMU_DOMAIN_DMA:
	case IOMMU_DOMAIN_DMA_FQ:
		return "Translated";
	default:
		return "Unknown";
	}
}

bool iommu_is_dma_domain(const struct iommu_domain *domain)
{
	return domain->type & __IOMMU_DOMAIN_DMA_API;
}

struct iommu_domain *sim_iommu_domain_by_name(struct sim *sim, const char *name)
{
	struct iommu_domain *domain;

	list_for_each_entry(domain, &sim->domains, sim_node)
		if (!strcmp(domain->name, name))
			return domain;
	return NULL;
}

/* dom0, dom1, ...: the next number whose name nobody has taken. */
static void domain_auto_name(struct sim *sim, struct iommu_domain *domain)
{
	do
		snprintf(domain->name, sizeof(domain->name), "dom%u",
			 sim->domain_seq++);
	while (sim_iommu_domain_by_name(sim, domain->name));
}

/* The driver's free, after dma-iommu has given back its cookie. */
static void domain_release(struct iommu_domain *domain)
{
	iommu_unflushed_free(domain);
	iommu_put_dma_cookie(domain);
	domain->ops->free(domain);
}

struct iommu_domain *__iommu_domain_alloc_named(struct sim *sim,
						const struct iommu_ops *ops,
						unsigned int type,
						const char *name, const char *why)
{
	struct iommu_domain *domain;

	if (!ops || !ops->domain_alloc)
		return NULL;
	/* The driver's kzalloc() counts for the current machine's fail-nth. */
	domain = should_fail_callback(sim, FAIL_DOMAIN_ALLOC, NULL) ? NULL :
		 ops->domain_alloc(type);
	if (!domain) {
		trace_domain_alloc_none(sim, iommu_domain_type_str(type), why);
		return NULL;
	}
	domain->type = type;
	if (!domain->pgsize_bitmap)
		domain->pgsize_bitmap = ops->pgsize_bitmap;
	if (!domain->ops)
		domain->ops = ops->default_domain_ops;
	domain->sim = sim;
	domain->iommu_ops = ops;
	INIT_LIST_HEAD(&domain->unflushed);
	if (name)
		snprintf(domain->name, sizeof(domain->name), "%s", name);
	else
		domain_auto_name(sim, domain);
	/* DMA domains carry an IOVA cookie from birth, as in 6.1. */
	if (iommu_is_dma_domain(domain) && iommu_get_dma_cookie(domain)) {
		domain->ops->free(domain);
		trace_domain_alloc_nomem(sim, iommu_domain_type_str(type), why);
		return NULL;
	}
	list_add_tail(&domain->sim_node, &sim->domains);
	trace_domain_alloc(sim, domain->name, iommu_domain_type_str(type), why);
	return domain;
}

struct iommu_domain *iommu_domain_alloc(const struct bus_type *bus)
{
	struct sim *sim = sim_current();

	/* 6.1 registers one IOMMU driver's ops on every bus: bus->iommu_ops. */
	(void)bus;
	if (!sim)
		return NULL;
	return __iommu_domain_alloc(sim, sim->iommu_ops, IOMMU_DOMAIN_UNMANAGED,
				    "user");
}

struct iommu_domain *iommu_domain_alloc_type(struct sim *sim,
					     const struct iommu_ops *ops,
					     unsigned int type, const char *name)
{
	SIM_ENTER(sim);
	return __iommu_domain_alloc_named(sim, ops, type, name, "user");
}

/* Who still points at @domain: a group, a VFIO container, or a device's translation. */
static const char *domain_user(struct iommu_domain *domain, char *buf, size_t len)
{
	struct vfio_container *c;
	struct iommu_group *group;
	struct vfio_domain *vd;
	struct device *dev;

	if (domain->in_call) {
		snprintf(buf, len, "caller");
		return buf;
	}
	if (domain->fake_default) {
		/* The arch code keeps it as the device's DMA mapping for good. */
		snprintf(buf, len, "arch_dma_ops");
		return buf;
	}
	list_for_each_entry(group, &domain->sim->groups, sim_node) {
		if (group->domain == domain || group->default_domain == domain ||
		    group->blocking_domain == domain) {
			snprintf(buf, len, "group=%d", group->id);
			return buf;
		}
	}
	list_for_each_entry(c, &domain->sim->vfio_containers, sim_node) {
		list_for_each_entry(vd, &c->domains, next) {
			if (vd->domain == domain) {
				snprintf(buf, len, "vfio=%s", c->name);
				return buf;
			}
		}
	}
	list_for_each_entry(dev, &domain->sim->devices, sim_node) {
		if (dev->iommu && dev->iommu->hw_domain == domain) {
			snprintf(buf, len, "dev=%s", dev_name(dev));
			return buf;
		}
	}
	return NULL;
}

void iommu_domain_free(struct iommu_domain *domain)
{
	SIM_ENTER(domain->sim);
	struct sim *sim = domain->sim;
	char user[64];

	if (iommu_domain_check_freed(domain, NULL, "iommu_domain_free"))
		return;
	domain->freed = true;
	/* Inside attach_dev it is the driver freeing what the core handed it. */
	if (domain->in_call)
		snprintf(domain->freed_by, sizeof(domain->freed_by), "%s attach_dev",
			 domain->iommu_ops->name);
	else
		snprintf(domain->freed_by, sizeof(domain->freed_by), "iommu_domain_free()");
	list_del(&domain->sim_node);
	if (domain_user(domain, user, sizeof(user))) {
		/* Something still uses it: keep it, watch for the use. */
		trace_domain_free_in_use(sim, domain->name, user);
		list_add_tail(&domain->sim_node, &sim->domain_quarantine);
		return;
	}
	trace_domain_free(sim, domain->name);
	domain_release(domain);
}

/*
 * A group that drops a quarantined domain may let it go.  Called when a
 * group's or a device's pointer moves off @domain.
 */
void domain_quarantine_release(struct iommu_domain *domain)
{
	char user[64];

	if (!domain || !domain->freed || domain_user(domain, user, sizeof(user)))
		return;
	list_del(&domain->sim_node);
	domain_release(domain);
}

bool iommu_domain_check_freed(struct iommu_domain *domain, struct device *dev,
			      const char *site)
{
	if (!domain->freed)
		return false;
	trace_bug_domain_freed(domain->sim, domain->name, site, dev ? dev_name(dev) : NULL);
	return true;
}

void iommu_set_fault_handler(struct iommu_domain *domain,
			     iommu_fault_handler_t handler, void *token)
{
	SIM_ENTER(domain->sim);
	domain->handler = handler;
	domain->handler_token = token;
}

bool iommu_is_attach_deferred(struct device *dev)
{
	const struct iommu_ops *ops = dev_iommu_ops(dev);

	return ops && ops->is_attach_deferred && ops->is_attach_deferred(dev);
}

/*
 * The driver's attach_dev as the simulator runs it: the freed-domain
 * check, fail-nth and `inject attach_dev`, the trace event with its
 * result, and on success what the device now translates through (the
 * invariant checks' record).  __iommu_attach_device() calls it.
 */
int iommu_run_attach_dev(struct iommu_domain *domain, struct device *dev)
{
	struct iommu_domain *old;
	int ret;

	iommu_domain_check_freed(domain, dev, "attach_dev");
	if (!domain->ops->attach_dev)
		return -ENODEV;
	old = dev->iommu ? dev->iommu->hw_domain : NULL;
	ret = should_fail_callback(dev->sim, FAIL_ATTACH_DEV, dev_name(dev));
	if (!ret) {
		domain->in_call++;
		ret = domain->ops->attach_dev(domain, dev);
		domain->in_call--;
	}
	trace_attach_device_to_domain(dev, domain->name, ret);
	if (ret)
		return ret;
	if (domain->freed)
		iommu_domain_check_freed(domain, dev, "attach_dev_return");
	if (dev->iommu) {
		dev->iommu->hw_domain = domain;
		if (old != domain)
			domain_quarantine_release(old);
	}
	return 0;
}

/* The driver's detach_dev, traced, and the device translating through nothing. */
void iommu_run_detach_dev(struct iommu_domain *domain, struct device *dev)
{
	domain->ops->detach_dev(domain, dev);
	trace_detach_device_from_domain(dev, domain->name);
	if (dev->iommu && dev->iommu->hw_domain == domain) {
		dev->iommu->hw_domain = NULL;
		domain_quarantine_release(domain);
	}
}

/*
 * The DMA API's first use of a device (dma-iommu's map and alloc calls):
 * v6.2 attaches a device whose first attach left the mark
 * (attach_deferred.c), v6.1 one its driver still calls deferred.
 */
int iommu_deferred_attach(struct device *dev, struct iommu_domain *domain)
{
	SIM_ENTER(dev->sim);
	bool deferred = sim_era_has(dev->sim, ERA_ATTACH_DEFERRED_FLAG) ?
			dev->iommu && dev->iommu->attach_deferred :
			iommu_is_attach_deferred(dev);

	return deferred ? __iommu_attach_device(domain, dev) : 0;
}

static int iommu_group_do_attach_device(struct device *dev, void *data)
{
	return __iommu_attach_device(data, dev);
}

/*
 * v6.1 and before skip a device its driver still calls deferred, the
 * check the 2022-11 review took out; v6.2 detaches every device
 * (__iommu_detach_device(), attach_deferred.c).
 */
static int iommu_group_do_detach_device(struct device *dev, void *data)
{
	struct iommu_domain *domain = data;

	if (sim_era_has(dev->sim, ERA_DETACH_SKIPS_DEFERRED) &&
	    iommu_is_attach_deferred(dev)) {
		trace_detach_skipped(dev, domain->name);
		return 0;
	}
	__iommu_detach_device(domain, dev);
	return 0;
}

static int iommu_group_do_set_platform_dma(struct device *dev, void *data)
{
	const struct iommu_ops *ops = dev_iommu_ops(dev);
	struct iommu_domain *domain = data;

	ops->set_platform_dma_ops(dev);
	trace_set_platform_dma_ops(dev);
	if (dev->iommu->hw_domain == domain) {
		dev->iommu->hw_domain = NULL;
		domain_quarantine_release(domain);
	}
	return 0;
}

static void group_set_domain_ptr(struct iommu_group *group,
				 struct iommu_domain *domain)
{
	struct iommu_domain *old = group->domain;

	group->domain = domain;
	if (old != domain)
		domain_quarantine_release(old);
}

/*
 * Moves the whole group to @new_domain.  NULL is the path for drivers
 * without default domains: each device is detached (v6.2: handed back to
 * the platform's DMA ops when the driver can do that).
 */
int __iommu_group_set_domain(struct iommu_group *group,
			     struct iommu_domain *new_domain)
{
	int ret;

	if (group->domain == new_domain)
		return 0;
	if (!new_domain) {
		struct group_device *first =
			list_first_entry(&group->devices, struct group_device, list);
		const struct iommu_ops *ops = list_empty(&group->devices) ? NULL :
					      dev_iommu_ops(first->dev);

		if (sim_era_has(group->sim, ERA_SET_PLATFORM_DMA) && ops &&
		    ops->set_platform_dma_ops) {
			__iommu_group_for_each_dev(group, group->domain,
						   iommu_group_do_set_platform_dma);
		} else {
			if (!group->domain->ops->detach_dev) {
				sim_warn_report(group->sim, __FILE__, __LINE__, __func__, NULL);
				trace_warn_group(group->sim, group->id, "driver has no detach_dev");
				return -EINVAL;
			}
			__iommu_group_for_each_dev(group, group->domain,
						   iommu_group_do_detach_device);
		}
		group_set_domain_ptr(group, NULL);
		return 0;
	}
	ret = __iommu_group_for_each_dev(group, new_domain,
					 iommu_group_do_attach_device);
	if (ret)
		return ret;
	group_set_domain_ptr(group, new_domain);
	return 0;
}

void __iommu_group_set_core_domain(struct iommu_group *group)
{
	struct iommu_domain *new_domain;

	new_domain = group->owner ? group->blocking_domain : group->default_domain;
	if (__iommu_group_set_domain(group, new_domain)) {
		sim_warn_report(group->sim, __FILE__, __LINE__, __func__,
				"iommu driver failed to attach the default/blocking domain");
		trace_warn_group(group->sim, group->id,
				 "iommu driver failed to attach the default/blocking domain");
	}
}

/*
 * A group already on a domain other than its default (or blocking) one is
 * busy.  If one member fails, every member goes back to the old domain.
 */
int __iommu_attach_group(struct iommu_domain *domain, struct iommu_group *group)
{
	struct iommu_domain *old_domain;
	int ret;

	if (group->domain && group->domain != group->default_domain &&
	    group->domain != group->blocking_domain)
		return -EBUSY;

	ret = __iommu_group_for_each_dev(group, domain,
					 iommu_group_do_attach_device);
	if (ret == 0) {
		group_set_domain_ptr(group, domain);
		return 0;
	}
	old_domain = group->domain;
	group->domain = NULL;
	if (__iommu_group_set_domain(group, old_domain)) {
		sim_warn_report(group->sim, __FILE__, __LINE__, __func__,
				"iommu driver failed to attach a compatible domain");
		trace_warn_group(group->sim, group->id,
				 "iommu driver failed to attach a compatible domain");
	}
	return ret;
}

int iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	SIM_ENTER(domain->sim);
	struct iommu_group *group = iommu_group_get(dev);
	int ret;

	if (!group)
		return -ENODEV;
	ret = -EINVAL;
	if (iommu_group_device_count(group) == 1)
		ret = __iommu_attach_group(domain, group);
	iommu_group_put(group);
	return ret;
}

/*
 * Back to the core-owned domain, for a device alone in its group and
 * attached to @domain; otherwise a WARN_ON, the first failing check's
 * only, and nothing done.  Before v5.19 only the group's size was checked
 * (ERA_DETACH_CHECKS_DOMAIN): those eras do nothing for another domain,
 * without a WARN, where the kernel detached the group.
 */
void iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	SIM_ENTER(domain->sim);
	struct iommu_group *group = iommu_group_get(dev);
	bool checks_domain = sim_era_has(dev->sim, ERA_DETACH_CHECKS_DOMAIN);

	if (!group)
		return;
	if (checks_domain && WARN_ON(domain != group->domain))
		goto out_put;
	if (WARN_ON(iommu_group_device_count(group) != 1) || domain != group->domain)
		goto out_put;
	__iommu_group_set_core_domain(group);
out_put:
	iommu_group_put(group);
}

int iommu_attach_group(struct iommu_domain *domain, struct iommu_group *group)
{
	SIM_ENTER(domain->sim);
	return __iommu_attach_group(domain, group);
}

void iommu_detach_group(struct iommu_domain *domain, struct iommu_group *group)
{
	SIM_ENTER(domain->sim);
	(void)domain;
	__iommu_group_set_core_domain(group);
}

struct iommu_domain *iommu_get_domain_for_dev(struct device *dev)
{
	return dev->iommu_group ? dev->iommu_group->domain : NULL;
}

/*
 * The domain the DMA API maps through: the group's default domain, or in
 * v4.4 the per-device domain the arch code attached, to which arm64's
 * do_iommu_attach() gave dma-iommu's cookie (docs/iommu-core.md says how
 * v4.4's own lookup differed).
 */
struct iommu_domain *iommu_get_dma_domain(struct device *dev)
{
	if (dev->iommu && dev->iommu->arch_domain)
		return dev->iommu->arch_domain;
	return dev->iommu_group ? dev->iommu_group->default_domain : NULL;
}

/*
 * The last instance of a driver is gone (@ops), or the machine is (NULL):
 * nothing can reach those domains any more, so give them all back,
 * quarantined ones included, while the driver's code is still there to
 * free them.
 */
void iommu_free_domains_of(struct sim *sim, const struct iommu_ops *ops)
{
	struct list_head *lists[] = { &sim->domains, &sim->domain_quarantine };

	for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
		struct iommu_domain *domain, *next;

		list_for_each_entry_safe(domain, next, lists[i], sim_node) {
			if (ops && domain->iommu_ops != ops)
				continue;
			list_del(&domain->sim_node);
			if (!domain->freed)
				trace_domain_free_driver_gone(sim, domain->name);
			domain_release(domain);
		}
	}
}

void iommu_sim_teardown(struct sim *sim)
{
	vfio_release_all(sim);
	iommu_free_domains_of(sim, NULL);
	sim->domain_seq = 0;
}
