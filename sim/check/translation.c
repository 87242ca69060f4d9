/*
 * Invariant "translation": every device of an IOMMU group translates
 * through a live domain, the one its group is on, and its IOMMU is
 * programmed with that domain.  The core's side is the group's domain and
 * the domain attach_dev last took the device to; the hardware's is what
 * the IOMMU model says the device's accesses would meet now: the M4U's
 * PT_BASE and the larb's port bit, a VT-d unit's translation enable and
 * the device's context entry.
 *
 * A device whose first attach is deferred (kdump) keeps what attach_dev
 * last gave it, or what firmware left, until the DMA API first uses it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/device.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>

#include "check.h"

/* What a domain of @domain's type leaves the hardware doing. */
static enum sim_hw_path_kind domain_path_kind(const struct iommu_domain *domain)
{
	if (domain->type == IOMMU_DOMAIN_IDENTITY)
		return SIM_PATH_BYPASS;
	if (domain->type == IOMMU_DOMAIN_BLOCKED)
		return SIM_PATH_BLOCKED;
	return SIM_PATH_TABLE;
}

/* True when every master of @cp's IOMMU walks the table @cp's would. */
static bool table_is_shared(const struct check_path *cp)
{
	struct sim_hw_path shared;

	return !cp->hw->type->peek_path(cp->hw, NULL, &shared) &&
	       shared.kind == SIM_PATH_TABLE && shared.table == cp->path.table;
}

/*
 * True when every master of @cp's IOMMU goes where @cp's does, for the
 * same reason: the unit, not the device, decides.
 */
static bool path_is_shared(const struct check_path *cp)
{
	struct sim_hw_path shared;

	if (cp->hw->type->peek_path(cp->hw, NULL, &shared) || shared.kind != cp->path.kind)
		return false;
	if (shared.kind == SIM_PATH_TABLE)
		return shared.table == cp->path.table;
	return !strcmp(shared.why, cp->path.why);
}

/*
 * A group's devices often go wrong together (one larb, one VT-d unit):
 * each kind of finding is reported once per group, for its first device,
 * with how many more devices share it.
 */
struct finding {
	char subject[96];
	char msg[400];
	unsigned int more;
	const struct device *last;	/* counted once however many ports it has */
};

static void finding_add(struct finding *f, struct device *dev, struct iommu_group *group,
			const char *fmt, ...) __printf(4, 5);

static void finding_add(struct finding *f, struct device *dev, struct iommu_group *group,
			const char *fmt, ...)
{
	va_list ap;

	if (f->msg[0]) {
		if (f->last != dev)
			f->more++;
		f->last = dev;
		return;
	}
	f->last = dev;
	snprintf(f->subject, sizeof(f->subject), "dev=%s group=%d", dev_name(dev), group->id);
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
}

/* "; 2 more devices of group 4 too", "; 1 more group too" */
static void finding_report(struct check_ctx *ctx, const struct finding *f,
			   const char *what, int group)
{
	char id[32] = "";

	if (!f->msg[0])
		return;
	if (!f->more) {
		check_report(ctx, "translation", f->subject, "%s", f->msg);
		return;
	}
	if (group >= 0)
		snprintf(id, sizeof(id), " of group %d", group);
	check_report(ctx, "translation", f->subject, "%s; %u more %s%s%s too", f->msg,
		     f->more, what, f->more == 1 ? "" : "s", id);
}

struct group_findings {
	struct finding attach;		/* the core never attached the device */
	struct finding path;		/* the hardware does not translate as the domain says */
	struct finding table;		/* ... or through another table */
};

/*
 * A unit that sends every device the same wrong way (translation off) is
 * reported once, for the first group it wrongs, with how many more.
 */
struct unit_finding {
	struct finding f;
	int last_group;
};

/* A device on a paging domain: the hardware must walk that domain's table. */
static void check_table(struct check_ctx *ctx, struct iommu_group *group,
			struct iommu_domain *domain, struct device *dev,
			const struct check_path *cp, struct group_findings *gf)
{
	char subject[32], mine[48], owner[64];
	phys_addr_t table;
	bool has_table = !check_domain_table(ctx, domain, &table);

	if (has_table && table == cp->path.table)
		return;
	if (has_table)
		snprintf(mine, sizeof(mine), "table at 0x%llx", (unsigned long long)table);
	else
		snprintf(mine, sizeof(mine), "which has no page table");
	check_table_owner(ctx, cp->path.table, owner, sizeof(owner));
	if (table_is_shared(cp)) {
		/* Every master walks it: the group is what is wrong. */
		snprintf(subject, sizeof(subject), "group=%d", group->id);
		check_report(ctx, "translation", subject,
			     "group %d is on %s (%s), but %s walks the table at 0x%llx (%s)",
			     group->id, domain->name, mine, cp->hw->name,
			     (unsigned long long)cp->path.table, owner);
		return;
	}
	finding_add(&gf->table, dev, group,
		    "%s (group %d) is on %s (%s), but %s translates it through the table at 0x%llx (%s)",
		    dev_name(dev), group->id, domain->name, mine, cp->hw->name,
		    (unsigned long long)cp->path.table, owner);
}

static void unit_add(struct unit_finding *u, const struct check_path *cp,
		     struct iommu_group *group, struct iommu_domain *domain,
		     const char *hwpath)
{
	if (u->f.msg[0]) {
		if (u->last_group != group->id)
			u->f.more++;
		u->last_group = group->id;
		return;
	}
	u->last_group = group->id;
	snprintf(u->f.subject, sizeof(u->f.subject), "iommu=%s group=%d", cp->hw->name,
		 group->id);
	snprintf(u->f.msg, sizeof(u->f.msg), "%s sends all DMA %s, but group %d is on %s (%s)",
		 cp->hw->name, hwpath, group->id, domain->name,
		 iommu_domain_type_str(domain->type));
}

/* One DMA port of @dev: does its IOMMU do what @domain says? */
static void check_port(struct check_ctx *ctx, struct iommu_group *group,
		       struct iommu_domain *domain, struct device *dev,
		       const struct check_path *cp, struct group_findings *gf,
		       struct unit_finding *unit)
{
	char hwpath[160];

	if (!domain) {
		if (!cp->kind_known || cp->path.kind != SIM_PATH_TABLE)
			return;
		finding_add(&gf->path, dev, group,
			    "%s (group %d) is on no domain, but %s still translates it %s",
			    dev_name(dev), group->id, cp->hw->name,
			    check_path_str(ctx, &cp->path, hwpath, sizeof(hwpath)));
		return;
	}
	if (cp->kind_known && cp->path.kind != domain_path_kind(domain)) {
		check_path_str(ctx, &cp->path, hwpath, sizeof(hwpath));
		if (cp->path.kind != SIM_PATH_TABLE && path_is_shared(cp)) {
			unit_add(unit, cp, group, domain, hwpath);
			return;
		}
		finding_add(&gf->path, dev, group,
			    "%s (group %d) is on %s (%s), but %s sends its DMA %s",
			    dev_name(dev), group->id, domain->name,
			    iommu_domain_type_str(domain->type), cp->hw->name, hwpath);
		return;
	}
	if (domain_path_kind(domain) == SIM_PATH_TABLE)
		check_table(ctx, group, domain, dev, cp, gf);
}

/*
 * @dev is on its group's domain; one whose first attach is deferred is
 * still on what attach_dev last gave it, or on what firmware left, which
 * nothing here knows.
 */
static void check_device(struct check_ctx *ctx, struct iommu_group *group,
			 struct device *dev, struct group_findings *gf,
			 struct unit_finding *units)
{
	struct iommu_domain *domain = group->domain;
	unsigned int ports = check_device_ports(dev);
	struct check_path cp;

	if (check_attach_deferred(dev)) {
		domain = dev->iommu->hw_domain;
		/* A freed one is the "freed" check's to report. */
		if (!domain || domain->freed)
			return;
	} else if (domain && dev->iommu && dev->iommu->hw_domain != domain) {
		const struct iommu_domain *last = dev->iommu->hw_domain;

		finding_add(&gf->attach, dev, group,
			    "%s: group %d is on %s, but attach_dev never took %s there (last attached to %s)",
			    dev_name(dev), group->id, domain->name, dev_name(dev),
			    last ? last->name : "nothing");
	}
	for (unsigned int port = 0; port < ports; port++) {
		if (check_device_path(ctx, dev, port, &cp))
			continue;
		for (size_t i = 0; i < ctx->nr_iommus; i++) {
			if (ctx->iommus[i] != cp.hw)
				continue;
			ctx->iommu_grouped[i] = true;
			check_port(ctx, group, domain, dev, &cp, gf, &units[i]);
		}
	}
}

void check_translation(struct check_ctx *ctx)
{
	struct unit_finding *units;
	struct iommu_group *group;
	struct group_device *gdev;
	char subject[32];

	units = calloc(ctx->nr_iommus ? ctx->nr_iommus : 1, sizeof(*units));
	if (!units) {
		ctx->err = -ENOMEM;
		return;
	}

	list_for_each_entry(group, &ctx->sim->groups, sim_node) {
		struct group_findings gf = { 0 };

		if (group->domain && group->domain->freed) {
			snprintf(subject, sizeof(subject), "group=%d", group->id);
			check_report(ctx, "translation", subject,
				     "group %d translates through %s, which was freed: its devices' DMA is a use-after-free",
				     group->id, group->domain->name);
			continue;
		}
		/* A member that is gone is the "freed" check's to report. */
		list_for_each_entry(gdev, &group->devices, list)
			if (check_device_live(ctx, gdev->dev))
				check_device(ctx, group, gdev->dev, &gf, units);
		finding_report(ctx, &gf.attach, "device", group->id);
		finding_report(ctx, &gf.path, "device", group->id);
		finding_report(ctx, &gf.table, "device", group->id);
	}
	for (size_t i = 0; i < ctx->nr_iommus; i++)
		finding_report(ctx, &units[i].f, "group", -1);
	free(units);
}
