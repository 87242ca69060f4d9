/*
 * The IOMMU core's device side (drivers/iommu/iommu.c): registering IOMMU
 * instances, firmware specs, and the probe path that hands a device to its
 * IOMMU driver, puts it in a group and attaches the group's default domain.
 * The order of those steps is what changed between the eras.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/dma-map-ops.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/of.h>
#include <sim/printk.h>
#include <sim/slab.h>

#include <linux/kernel.h>

#include "iommu-priv.h"

static struct dev_iommu *dev_iommu_get(struct device *dev)
{
	if (!dev->iommu)
		dev->iommu = kzalloc(sizeof(*dev->iommu), GFP_KERNEL);
	return dev->iommu;
}

static void dev_iommu_free(struct device *dev)
{
	if (!dev->iommu)
		return;
	free(dev->iommu->fwspec);
	free(dev->iommu);
	dev->iommu = NULL;
}

const struct iommu_ops *iommu_ops_from_fwnode(struct fwnode_handle *fwnode)
{
	struct sim *sim = sim_current();
	struct device_node *np = to_of_node(fwnode);
	struct iommu_device *iommu = sim ? iommu_device_from_fwnode(sim, np) : NULL;

	return iommu ? iommu->ops : NULL;
}

struct iommu_device *iommu_device_from_fwnode(struct sim *sim,
					      const struct device_node *np)
{
	struct iommu_device *iommu;

	list_for_each_entry(iommu, &sim->iommus, list)
		if (iommu->fwnode == np)
			return iommu;
	return NULL;
}

static const struct iommu_ops *dev_bus_iommu_ops(struct device *dev)
{
	return dev->sim->iommu_ops;
}

/*
 * v4.4's arm64 DMA setup ran when the device was created, before the IOMMU
 * driver had seen it: with no group to ask, it made a domain of its own for
 * the device and attached it directly (arch/arm64/mm/dma-mapping.c,
 * do_iommu_attach()).  That is arm64's DT code: the simulator's PCI
 * functions sit behind VT-d, on x86, which has nothing of the kind.
 */
static void arch_setup_fake_default_domain(struct device *dev)
{
	const struct iommu_ops *ops = dev_bus_iommu_ops(dev);
	struct iommu_domain *domain;

	if (dev->iommu_group || dev->bus == &pci_bus_type)
		return;
	domain = __iommu_domain_alloc(dev->sim, ops, IOMMU_DOMAIN_DMA, "arch");
	if (!domain)
		return;
	domain->fake_default = true;
	trace_arch_setup_dma_ops_fake(dev, domain->name);
	if (!__iommu_attach_device(domain, dev))
		dev->iommu->arch_domain = domain;
}

/*
 * Identity-maps the DIRECT and DIRECT_RELAXABLE regions the driver gives
 * @dev into its group's DMA default domain (6.1's
 * iommu_create_device_direct_mappings()).  Each region is walked in pages
 * of the domain's smallest size; runs of pages that translate to nothing
 * yet are mapped with one iommu_map() each, so a region another member of
 * the group already mapped is not mapped twice.  As in 6.1 an IOVA that
 * translates to physical 0 counts as unmapped, which only matters for a
 * region at 0 that is mapped a second time: its first page is mapped
 * again.  One iommu_flush_iotlb_all() follows, when every map succeeded.
 */
static int iommu_create_device_direct_mappings(struct iommu_group *group,
					       struct device *dev)
{
	struct iommu_domain *domain = group->default_domain;
	struct iommu_resv_region *entry;
	unsigned long pg_size;
	LIST_HEAD(mappings);
	int ret = 0;

	if (!domain || !iommu_is_dma_domain(domain))
		return 0;
	pg_size = 1UL << __builtin_ctzl(domain->pgsize_bitmap);	/* __ffs() */
	iommu_get_resv_regions(dev, &mappings);
	list_for_each_entry(entry, &mappings, list) {
		dma_addr_t start = ALIGN(entry->start, pg_size);
		dma_addr_t end = ALIGN(entry->start + entry->length, pg_size);
		size_t run = 0;

		if (entry->type != IOMMU_RESV_DIRECT &&
		    entry->type != IOMMU_RESV_DIRECT_RELAXABLE)
			continue;
		for (dma_addr_t addr = start; addr <= end; addr += pg_size) {
			if (addr != end && !iommu_iova_to_phys(domain, addr)) {
				run += pg_size;
				continue;
			}
			if (!run)
				continue;
			ret = iommu_map(domain, addr - run, addr - run, run, entry->prot);
			if (ret)
				goto out;
			run = 0;
		}
	}
	iommu_flush_iotlb_all(domain);
out:
	iommu_put_resv_regions(dev, &mappings);
	return ret;
}

static int iommu_do_create_direct_mappings(struct device *dev, void *data)
{
	iommu_create_device_direct_mappings(data, dev);
	return 0;
}

/*
 * Hands @dev to the driver and finds its group.  Before v5.x the default
 * domain came with the group (iommu_group_get_for_dev() allocated it
 * before adding the device); since then it comes afterwards.
 */
static int __iommu_probe_device(struct device *dev, struct list_head *group_list)
{
	const struct iommu_ops *ops = dev_bus_iommu_ops(dev);
	struct sim *sim = dev->sim;
	struct iommu_device *iommu_dev;
	struct iommu_group *group;
	int ret;

	if (!ops)
		return -ENODEV;
	if (!dev_iommu_get(dev))
		return -ENOMEM;

	ret = should_fail_callback(sim, FAIL_PROBE_DEVICE, dev_name(dev));
	iommu_dev = ret ? ERR_PTR(ret) : ops->probe_device(dev);
	if (IS_ERR(iommu_dev)) {
		ret = PTR_ERR(iommu_dev);
		if (ret != -ENODEV)
			trace_probe_device_fail(dev, ret);
		goto err_free;
	}
	dev->iommu->iommu_dev = iommu_dev;
	trace_probe_device(dev, iommu_dev->dev ? dev_name(iommu_dev->dev) : "-");
	if (sim_era_has(sim, ERA_ARCH_FAKE_DOMAIN))
		arch_setup_fake_default_domain(dev);

	group = iommu_group_get(dev);
	if (!group) {
		ret = should_fail_callback(sim, FAIL_DEVICE_GROUP, dev_name(dev));
		if (ret)
			group = ERR_PTR(ret);
		else
			group = ops->device_group ? ops->device_group(dev) :
						    ERR_PTR(-EINVAL);
		if (!group)
			group = ERR_PTR(-EINVAL);
		if (IS_ERR(group)) {
			ret = PTR_ERR(group);
			trace_device_group_fail(dev, ret);
			goto err_release;
		}
		trace_device_group(dev, group->id);
		if (sim_era_has(sim, ERA_DOMAIN_WITH_GROUP) && !group->default_domain)
			iommu_group_alloc_default_domain(group, IOMMU_DOMAIN_DMA);
		ret = iommu_group_add_device(group, dev);
		if (ret) {
			iommu_group_put(group);
			goto err_release;
		}
	}
	if (group_list && !group->default_domain && list_empty(&group->entry))
		list_add_tail(&group->entry, group_list);
	iommu_group_put(group);
	return 0;

err_release:
	if (ops->release_device)
		ops->release_device(dev);
err_free:
	dev_iommu_free(dev);
	return ret;
}

int iommu_probe_device(struct device *dev)
{
	SIM_ENTER(dev->sim);
	const struct iommu_ops *ops;
	struct iommu_group *group;
	int ret;

	ret = __iommu_probe_device(dev, NULL);
	if (ret)
		return ret;

	group = iommu_group_get(dev);
	if (!group) {
		ret = -ENODEV;
		goto err_release;
	}
	if (!sim_era_has(dev->sim, ERA_DOMAIN_WITH_GROUP)) {
		iommu_alloc_default_domain(group, dev);
		/* A member joining a claimed group keeps the owner's domain. */
		if (group->default_domain && !group->owner) {
			ret = sim_era_has(dev->sim, ERA_ATTACH_DEFERRED_FLAG) ?
			      iommu_group_do_dma_first_attach(dev, group->default_domain) :
			      __iommu_attach_device(group->default_domain, dev);
			if (ret) {
				iommu_group_put(group);
				goto err_release;
			}
		}
		/* After the attach: the domain has its superpage sizes. */
		iommu_create_device_direct_mappings(group, dev);
	}
	iommu_group_put(group);
	ops = dev_iommu_ops(dev);
	if (ops->probe_finalize)
		ops->probe_finalize(dev);
	return 0;

err_release:
	iommu_release_device(dev);
	return ret;
}

void iommu_release_device(struct device *dev)
{
	SIM_ENTER(dev->sim);
	struct iommu_domain *hw_domain;
	const struct iommu_ops *ops;

	if (!dev->iommu)
		return;
	ops = dev_iommu_ops(dev);
	if (ops && ops->release_device)
		ops->release_device(dev);
	/* The driver has let go of the device: it translates through nothing. */
	hw_domain = dev->iommu->hw_domain;
	dev->iommu->hw_domain = NULL;
	if (hw_domain)
		domain_quarantine_release(hw_domain);
	iommu_group_remove_device(dev);
	dev_iommu_free(dev);
	/*
	 * The simulator's: dma-iommu's ops would reach a group that is gone,
	 * so the device's DMA goes direct until it is probed again.  Its
	 * bus's dma_configure still stands (dma_cleanup runs at unbind), so
	 * a bound device shows direct DMA, which is what the DMA API uses.
	 */
	set_dma_ops(dev, NULL);
}

bool device_iommu_mapped(struct device *dev)
{
	return dev->iommu_group != NULL;
}

static int probe_iommu_group(struct device *dev, struct list_head *group_list)
{
	int ret;

	if (dev->iommu_group)
		return 0;
	ret = __iommu_probe_device(dev, group_list);
	return ret == -ENODEV ? 0 : ret;
}

static int iommu_group_do_probe_finalize(struct device *dev, void *data)
{
	const struct iommu_ops *ops = dev_iommu_ops(dev);

	(void)data;
	if (ops->probe_finalize)
		ops->probe_finalize(dev);
	return 0;
}

static int iommu_group_do_dma_attach(struct device *dev, void *data)
{
	struct iommu_domain *domain = data;

	if (sim_era_has(dev->sim, ERA_ATTACH_DEFERRED_FLAG))
		return iommu_group_do_dma_first_attach(dev, domain);
	if (iommu_is_attach_deferred(dev))
		return 0;
	return __iommu_attach_device(domain, dev);
}

/*
 * Offers every device of the machine to the IOMMU just registered.  Since
 * v5.x the groups are made first and their default domains afterwards,
 * one per group from what all its members prefer.  Older kernels called
 * the driver's add_device for every device on the bus (v4.4 and v4.12
 * iommu_bus_init(): add_iommu_group()), which is the probe path; a
 * driver refuses a device it has no IOMMU for (-ENODEV).
 */
static int bus_iommu_probe(struct sim *sim)
{
	struct iommu_group *group, *next;
	LIST_HEAD(group_list);
	struct device *dev, *tmp;
	int ret = 0;

	list_for_each_entry_safe(dev, tmp, &sim->devices, sim_node) {
		if (sim_era_has(sim, ERA_DOMAIN_WITH_GROUP)) {
			if (!dev->iommu_group)
				iommu_probe_device(dev);
			continue;
		}
		ret = probe_iommu_group(dev, &group_list);
		if (ret)
			return ret;
	}

	list_for_each_entry_safe(group, next, &group_list, entry) {
		list_del_init(&group->entry);
		probe_alloc_default_domain(group);
		if (!group->default_domain)
			continue;
		/* Before the attach: the domain has only its smallest page size. */
		__iommu_group_for_each_dev(group, group,
					   iommu_do_create_direct_mappings);
		ret = __iommu_group_for_each_dev(group, group->default_domain,
						 iommu_group_do_dma_attach);
		if (ret)
			break;
		__iommu_group_for_each_dev(group, NULL,
					   iommu_group_do_probe_finalize);
	}
	return ret;
}

int iommu_device_register(struct iommu_device *iommu,
			  const struct iommu_ops *ops, struct device *hwdev)
{
	struct sim *sim = hwdev ? hwdev->sim : sim_current();
	SIM_ENTER(sim);
	int ret;

	if (!sim)
		return -ENODEV;
	/* Linux 6.1 allows one IOMMU driver per machine. */
	if (sim->iommu_ops && sim->iommu_ops != ops)
		return -EBUSY;

	iommu->ops = ops;
	iommu->sim = sim;
	iommu->seq = ++sim->iommu_seq;
	iommu->dev = hwdev;
	iommu->fwnode = hwdev ? hwdev->of_node : NULL;
	list_add_tail(&iommu->list, &sim->iommus);
	sim->iommu_ops = ops;
	trace_iommu_register(sim, hwdev ? dev_name(hwdev) : "-", ops->name);
	ret = bus_iommu_probe(sim);
	if (ret)
		iommu_device_unregister(iommu);
	return ret;
}

int iommu_device_sysfs_add(struct iommu_device *iommu, struct device *parent,
			   const struct attribute_group **groups,
			   const char *fmt, ...)
{
	va_list ap;
	char *name;

	(void)parent;
	(void)groups;
	va_start(ap, fmt);
	name = sim_vasprintf(fmt, ap);
	va_end(ap);
	if (!name)
		return -ENOMEM;
	free(iommu->name);
	iommu->name = name;
	return 0;
}

void iommu_device_sysfs_remove(struct iommu_device *iommu)
{
	free(iommu->name);
	iommu->name = NULL;
}

void iommu_device_unregister(struct iommu_device *iommu)
{
	SIM_ENTER(iommu->sim);
	struct sim *sim = iommu->sim;
	struct iommu_device *other;
	struct device *dev;

	iommu_vfio_release_iommu(sim, iommu);
	list_for_each_entry(dev, &sim->devices, sim_node)
		if (dev->iommu && dev->iommu->iommu_dev == iommu)
			iommu_release_device(dev);
	list_del_init(&iommu->list);
	list_for_each_entry(other, &sim->iommus, list)
		if (other->ops == iommu->ops)
			break;
	if (&other->list == &sim->iommus)
		iommu_free_domains_of(sim, iommu->ops);
	if (list_empty(&sim->iommus))
		sim->iommu_ops = NULL;
	trace_iommu_unregister(sim, iommu->dev ? dev_name(iommu->dev) : "-");
}

int iommu_fwspec_init(struct device *dev, struct fwnode_handle *iommu_fwnode,
		      const struct iommu_ops *ops)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);

	if (fwspec)
		return ops == fwspec->ops ? 0 : -EINVAL;
	if (!dev_iommu_get(dev))
		return -ENOMEM;
	fwspec = kzalloc(sizeof(*fwspec), GFP_KERNEL);
	if (!fwspec)
		return -ENOMEM;
	fwspec->iommu_fwnode = iommu_fwnode;
	fwspec->ops = ops;
	dev->iommu->fwspec = fwspec;
	return 0;
}

int iommu_fwspec_add_ids(struct device *dev, const u32 *ids, int num_ids)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct iommu_fwspec *grown;
	unsigned int n;

	if (!fwspec)
		return -EINVAL;
	n = fwspec->num_ids + num_ids;
	grown = krealloc(fwspec, sizeof(*fwspec) + n * sizeof(u32), GFP_KERNEL);
	if (!grown)
		return -ENOMEM;
	memcpy(&grown->ids[grown->num_ids], ids, num_ids * sizeof(u32));
	grown->num_ids = n;
	dev->iommu->fwspec = grown;
	return 0;
}

void iommu_fwspec_free(struct device *dev)
{
	if (!dev->iommu)
		return;
	free(dev->iommu->fwspec);
	dev->iommu->fwspec = NULL;
}

/*
 * A device was added: the IOMMU driver is offered it (nothing happens
 * while no IOMMU is registered, or when the driver does not want it yet:
 * a DT master has no fwspec before its DMA is configured).  A device was
 * removed: the IOMMU core lets go of it.
 */
static int iommu_bus_notifier(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	struct device *dev = data;

	if (action == BUS_NOTIFY_ADD_DEVICE)
		return iommu_probe_device(dev) ? NOTIFY_DONE : NOTIFY_OK;
	if (action == BUS_NOTIFY_REMOVED_DEVICE) {
		iommu_release_device(dev);
		return NOTIFY_OK;
	}
	return NOTIFY_DONE;
}

static const struct dma_iommu_configure_ops iommu_dma_configure = {
	.of_iommu_configure	= of_iommu_configure,
	.setup_dma_ops		= iommu_setup_dma_ops,
	.use_default_domain	= iommu_device_use_default_domain,
	.unuse_default_domain	= iommu_device_unuse_default_domain,
};

void iommu_subsys_init(struct sim *sim)
{
	for (size_t i = 0; i < SIM_NR_DEVICE_BUSES; i++) {
		sim->iommu_bus_nb[i].notifier_call = iommu_bus_notifier;
		bus_register_notifier(sim, sim_device_buses[i], &sim->iommu_bus_nb[i]);
	}
	sim->dma_iommu = &iommu_dma_configure;
}

/*
 * 6.1's iommu_subsys_init() lines.  The console's `set iommu.strict` and
 * `set iommu.passthrough` are the kernel command line: a value other than
 * Debian's default (lazy, translated) was set there.  No such lines in
 * the v4.x eras: iommu_subsys_init() came with v5.2.
 */
void iommu_subsys_log(struct sim *sim)
{
	unsigned int type = iommu_def_domain_type(sim);

	if (sim->era < ERA_V5_19)
		return;
	sim_printk_level(sim, LOGLEVEL_INFO, "iommu: Default domain type: %s %s",
			 iommu_domain_type_log_str(type),
			 sim->params.iommu_passthrough ? "(set via kernel command line)" : "");
	if (type != IOMMU_DOMAIN_IDENTITY)
		sim_printk_level(sim, LOGLEVEL_INFO,
				 "iommu: DMA domain TLB invalidation policy: %s mode %s",
				 sim->params.iommu_strict ? "strict" : "lazy",
				 sim->params.iommu_strict ? "(set via kernel command line)" : "");
}

int iommu_incompatible_errno(struct sim *sim, enum iommu_incompatible why)
{
	const struct sim_era_data *era = sim_era(sim);

	return why == IOMMU_INCOMPATIBLE_SNOOP ? era->attach_incompatible.snoop :
						 era->attach_incompatible.width;
}
