// SPDX-License-Identifier: GPL-2.0
/*
 * `group list`: the iommu groups of the devices commands can name (the
 * edus the module has bound, or the software M4U's devices), in
 * group-number order, one line each as the console prints them:
 *
 *   group ID devices=DEV[,DEV...] type=TYPE domain=NAME
 *
 * The real core gives domains no names.  The simulator names them dom0,
 * dom1, ... in allocation order.  The module numbers domains in the order
 * it first sees them: for VT-d, when it first prints them; the software
 * M4U names its own as it allocates them, which is the simulator's order.
 */
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>

#include "lab.h"
#include "lab_m4u.h"

#define LAB_MAX_DOMAINS	64

/*
 * Domains seen so far, by address.  Only compared, never dereferenced.
 * The software M4U's domains are named as the driver allocates them and
 * forgotten as it frees them (lab_m4u_probes.c), from the IOMMU core's
 * calls, which may come from the deferred-probe worker while a command
 * holds lab_lock, and are heard in kprobe handlers, which must not sleep:
 * hence a spinlock of its own.  Domains the module only looks at (VT-d's) are never
 * forgotten: a freed domain whose memory is reused keeps its old name,
 * which is harmless for the few domains a lab sees.
 */
static DEFINE_SPINLOCK(domain_names_lock);
static const void *seen_domains[LAB_MAX_DOMAINS];
static char domain_names[LAB_MAX_DOMAINS][8];
static int nr_seen;

const char *lab_domain_name(const struct iommu_domain *domain)
{
	const char *name = "dom?";
	unsigned long flags;
	int i;

	if (!domain)
		return "none";
	spin_lock_irqsave(&domain_names_lock, flags);
	for (i = 0; i < nr_seen; i++)
		if (seen_domains[i] == domain)
			break;
	if (i < nr_seen) {
		name = domain_names[i];
	} else if (nr_seen < LAB_MAX_DOMAINS) {
		seen_domains[nr_seen] = domain;
		snprintf(domain_names[nr_seen], sizeof(domain_names[0]), "dom%d", nr_seen);
		name = domain_names[nr_seen++];
	}
	spin_unlock_irqrestore(&domain_names_lock, flags);
	return name;
}

void lab_domain_forget(const struct iommu_domain *domain)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&domain_names_lock, flags);
	for (i = 0; i < nr_seen; i++)
		if (seen_domains[i] == domain)
			seen_domains[i] = NULL;
	spin_unlock_irqrestore(&domain_names_lock, flags);
}

const char *lab_domain_type(struct iommu_domain *domain)
{
	return domain ? lab_domain_type_name(domain->type) : "none";
}

struct group_walk {
	int after;	/* print the smallest group number above this */
	int best;
	struct lab_dev *best_dev;
};

static void find_next_group(struct lab_dev *ldev, void *data)
{
	struct group_walk *w = data;
	struct iommu_group *group = iommu_group_get(ldev->dev);
	int id;

	if (!group)
		return;
	id = iommu_group_id(group);
	iommu_group_put(group);
	if (id > w->after && (!w->best_dev || id < w->best)) {
		w->best = id;
		w->best_dev = ldev;
	}
}

static int print_member(struct device *dev, void *data)
{
	bool *first = data;

	lab_printf("%s%s", *first ? "" : ",", dev_name(dev));
	*first = false;
	return 0;
}

static int cmd_group_list(int argc, char **argv)
{
	struct group_walk w = { .after = -1 };

	for (;;) {
		struct device *dev;
		struct iommu_domain *domain;
		struct iommu_group *group;
		bool first = true;

		w.best_dev = NULL;
		lab_dev_for_each(find_next_group, &w);
		if (!w.best_dev)
			break;
		dev = w.best_dev->dev;
		group = iommu_group_get(dev);
		if (!group)
			break;
		lab_printf(GRAM_FMT_GROUP, iommu_group_id(group));
		iommu_group_for_each_dev(group, &first, print_member);
		if (first)
			lab_printf("-");
		/* The group's current domain is the one its devices are attached to. */
		domain = iommu_get_domain_for_dev(dev);
		lab_printf(GRAM_FMT_GROUP_DOMAIN, lab_domain_type(domain),
			   lab_domain_name(domain));
		iommu_group_put(group);
		w.after = w.best;
	}
	return 0;
}

const struct lab_cmd lab_group_cmds[] = {
	{ "group list", "", cmd_group_list,
	  "list the iommu groups of the devices commands name, with members and current domain" },
	{ }
};
