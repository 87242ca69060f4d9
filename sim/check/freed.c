/*
 * Invariant "freed": nothing freed is reachable.  A domain freed while
 * something still points at it waits in the quarantine (KASAN's way:
 * sim/iommu/domain.c), so who points at it can be named.  Other objects
 * are freed at once; a pointer to one that is no longer on the machine is
 * found by comparing it with the live objects, never by following it.
 *
 * A group's current domain is the "translation" check's to report.  The
 * hardware can reach freed memory too: an IOMMU still programmed with a
 * table its driver gave back.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <sim/device.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/mem.h>
#include <sim/sim.h>
#include <sim/vfio.h>

#include "check.h"

struct holders {
	struct iommu_domain *domain;
	char text[256];
	size_t used;
};

/* The quarantined domains, each with what still points at it. */
struct quarantine {
	struct check_ptr_set index;	/* domain -> its slot in @h */
	struct holders *h;
	size_t count;
};

static void holder_add(struct quarantine *q, const struct iommu_domain *domain,
		       const char *fmt, ...) __printf(3, 4);

static void holder_add(struct quarantine *q, const struct iommu_domain *domain,
		       const char *fmt, ...)
{
	struct holders *h;
	va_list ap;
	size_t i;

	if (!domain || !domain->freed || !check_ptrs_get(&q->index, domain, &i))
		return;
	h = &q->h[i];
	if (h->used && h->used < sizeof(h->text))
		h->used += snprintf(h->text + h->used, sizeof(h->text) - h->used, ", ");
	if (h->used >= sizeof(h->text))
		return;
	va_start(ap, fmt);
	h->used += vsnprintf(h->text + h->used, sizeof(h->text) - h->used, fmt, ap);
	va_end(ap);
}

/* One pass over everything that can point at a domain. */
static void find_holders(struct check_ctx *ctx, struct quarantine *q)
{
	struct vfio_container *c;
	struct iommu_group *group;
	struct vfio_domain *vd;
	struct device *dev;

	for (size_t i = 0; i < q->count; i++)
		if (q->h[i].domain->fake_default)
			holder_add(q, q->h[i].domain, "the arch DMA ops (v4.4's per-device domain)");
	list_for_each_entry(group, &ctx->sim->groups, sim_node) {
		holder_add(q, group->default_domain, "group %d's default domain", group->id);
		if (group->blocking_domain != group->default_domain)
			holder_add(q, group->blocking_domain, "group %d's blocking domain",
				   group->id);
	}
	list_for_each_entry(dev, &ctx->sim->devices, sim_node) {
		if (!dev->iommu)
			continue;
		/* Its group's current domain too: the "translation" check says so. */
		if (dev->iommu_group && check_group_live(ctx, dev->iommu_group) &&
		    dev->iommu_group->domain == dev->iommu->hw_domain)
			continue;
		holder_add(q, dev->iommu->hw_domain, "%s, which attach_dev last attached to it",
			   dev_name(dev));
	}
	list_for_each_entry(c, &ctx->sim->vfio_containers, sim_node)
		list_for_each_entry(vd, &c->domains, next)
			holder_add(q, vd->domain, "VFIO container %s", c->name);
}

static void check_quarantine(struct check_ctx *ctx)
{
	struct quarantine q = { .count = list_count(&ctx->sim->domain_quarantine) };
	struct iommu_domain *domain;
	char subject[64];
	size_t i = 0;

	if (!q.count)
		return;
	q.h = calloc(q.count, sizeof(*q.h));
	if (!q.h || check_ptrs_init(&q.index, q.count)) {
		ctx->err = -ENOMEM;
		goto out;
	}
	list_for_each_entry(domain, &ctx->sim->domain_quarantine, sim_node) {
		q.h[i].domain = domain;
		check_ptrs_add(&q.index, domain, i++);
	}
	check_ptrs_sort(&q.index);
	find_holders(ctx, &q);
	for (i = 0; i < q.count; i++) {
		if (!q.h[i].used)
			continue;
		snprintf(subject, sizeof(subject), "domain=%s", q.h[i].domain->name);
		check_report(ctx, "freed", subject,
			     "%s was freed (iommu_domain_free) but is still reachable from %s",
			     q.h[i].domain->name, q.h[i].text);
	}
out:
	check_ptrs_release(&q.index);
	free(q.h);
}

/* Pointers to devices and groups that are no longer on the machine. */
static void check_dangling(struct check_ctx *ctx)
{
	struct vfio_container *c;
	struct iommu_group *group;
	struct group_device *gdev;
	struct device_link *link;
	struct vfio_domain *vd;
	struct vfio_group *vg;
	struct device *dev;
	char subject[96];

	list_for_each_entry(group, &ctx->sim->groups, sim_node) {
		snprintf(subject, sizeof(subject), "group=%d", group->id);
		list_for_each_entry(gdev, &group->devices, list)
			if (!check_device_live(ctx, gdev->dev))
				check_report(ctx, "freed", subject,
					     "group %d still lists a device that was removed",
					     group->id);
	}
	list_for_each_entry(dev, &ctx->sim->devices, sim_node) {
		if (!dev->iommu_group || check_group_live(ctx, dev->iommu_group))
			continue;
		snprintf(subject, sizeof(subject), "dev=%s", dev_name(dev));
		check_report(ctx, "freed", subject,
			     "%s still points at an IOMMU group that was released", dev_name(dev));
	}
	list_for_each_entry(c, &ctx->sim->vfio_containers, sim_node) {
		snprintf(subject, sizeof(subject), "container=%s", c->name);
		list_for_each_entry(vd, &c->domains, next)
			list_for_each_entry(vg, &vd->groups, next)
				if (!check_group_live(ctx, vg->iommu_group))
					check_report(ctx, "freed", subject,
						     "VFIO container %s holds an IOMMU group that was released",
						     c->name);
	}
	list_for_each_entry(link, &ctx->sim->links, sim_node) {
		bool consumer = check_device_live(ctx, link->consumer);
		bool supplier = check_device_live(ctx, link->supplier);

		if (consumer && supplier)
			continue;
		if (consumer || supplier) {
			dev = consumer ? link->consumer : link->supplier;
			snprintf(subject, sizeof(subject), "dev=%s", dev_name(dev));
			check_report(ctx, "freed", subject,
				     "a device link of %s still points at its %s, which was removed",
				     dev_name(dev), consumer ? "supplier" : "consumer");
		} else {
			check_report(ctx, "freed", "link=-",
				     "a device link joins two devices that were removed");
		}
	}
}

/* The first live master that walks @hw's table @table now, or NULL. */
static struct device *table_walker(struct check_ctx *ctx, struct sim_hw *hw,
				   phys_addr_t table)
{
	struct check_path cp;
	struct device *dev;

	list_for_each_entry(dev, &ctx->sim->devices, sim_node) {
		unsigned int ports = check_device_ports(dev);

		for (unsigned int port = 0; port < ports; port++)
			if (!check_device_path(ctx, dev, port, &cp) && cp.hw == hw &&
			    cp.kind_known && cp.path.kind == SIM_PATH_TABLE &&
			    cp.path.table == table)
				return dev;
	}
	return NULL;
}

/*
 * An IOMMU whose table every master shares (the M4U's PT_BASE) must not
 * send a master's accesses into RAM nobody holds: a driver that let its
 * table go without turning the hardware off leaves them walking freed
 * memory.  While a group's devices are behind it, the "translation"
 * check says what is wrong with the table.
 */
static void check_hw_tables(struct check_ctx *ctx)
{
	struct sim_hw_path shared;
	struct device *walker;
	char subject[96];
	size_t pos;

	for (size_t i = 0; i < ctx->nr_iommus; i++) {
		struct sim_hw *hw = ctx->iommus[i];

		pos = 0;
		if (ctx->iommu_grouped[i] ||
		    hw->type->peek_path(hw, NULL, &shared) || shared.kind != SIM_PATH_TABLE ||
		    check_table_domain(ctx, shared.table, &pos) ||
		    !sim_mem_is_free_ram(ctx->sim->mem, shared.table))
			continue;
		walker = table_walker(ctx, hw, shared.table);
		if (!walker)
			continue;
		snprintf(subject, sizeof(subject), "iommu=%s dev=%s", hw->name, dev_name(walker));
		check_report(ctx, "freed", subject,
			     "%s still walks the table at 0x%llx for %s, which no domain has and nothing holds: freed memory",
			     hw->name, (unsigned long long)shared.table, dev_name(walker));
	}
}

/*
 * Each DMA access since the last run that walked a freed domain's table:
 * the stale translation the 2022-11 review is about is used, not just
 * left behind.  The path is the one the master takes now, which is the
 * access's own: nothing the console runs moves it in between.
 */
static void check_dma_seen(struct check_ctx *ctx)
{
	struct sim *sim = ctx->sim;
	struct iommu_domain *domain;
	struct check_path cp;
	struct device *dev;
	char subject[96];
	size_t pos;

	for (unsigned int i = 0; i < sim->dma_seen.count; i++) {
		const struct sim_dma_seen *s = &sim->dma_seen.seen[i];

		dev = sim_find_device(sim, s->master);
		if (!dev || check_device_path(ctx, dev, s->port, &cp) || !cp.kind_known ||
		    cp.path.kind != SIM_PATH_TABLE)
			continue;
		pos = 0;
		while ((domain = check_table_domain(ctx, cp.path.table, &pos)) && !domain->freed)
			;
		if (!domain)
			continue;
		snprintf(subject, sizeof(subject), "dev=%s domain=%s", s->master, domain->name);
		check_report(ctx, "freed", subject,
			     "%s's DMA %s at 0x%llx went through the table at 0x%llx, %s's, which was freed: a use-after-free",
			     s->master, s->write ? "write" : "read", (unsigned long long)s->addr,
			     (unsigned long long)cp.path.table, domain->name);
	}
	sim->dma_seen.count = 0;
}

void check_freed(struct check_ctx *ctx)
{
	check_quarantine(ctx);
	check_dangling(ctx);
	check_hw_tables(ctx);
	check_dma_seen(ctx);
}
