// SPDX-License-Identifier: GPL-2.0
/*
 * `group list`: the iommu groups of the devices the module has bound, in
 * group-number order, one line each as the console prints them:
 *
 *   group ID devices=DEV[,DEV...] type=TYPE domain=NAME
 *
 * The real core gives domains no names.  The simulator names them dom0,
 * dom1, ... in allocation order; on q35-vtd the edu's default domain is
 * the only one, dom0.  The module numbers domains in the order it first
 * sees them, which gives the same name for the same board.
 */
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/pci.h>

#include "lab.h"

#define LAB_MAX_DOMAINS	64

/*
 * Domains seen so far, by address.  Only compared, never dereferenced: a
 * freed domain whose memory is reused keeps its old name, which is harmless
 * for the few domains a lab sees.
 */
static const void *seen_domains[LAB_MAX_DOMAINS];
static char domain_names[LAB_MAX_DOMAINS][8];
static int nr_seen;

const char *lab_domain_name(struct iommu_domain *domain)
{
	int i;

	if (!domain)
		return "none";
	for (i = 0; i < nr_seen; i++)
		if (seen_domains[i] == domain)
			return domain_names[i];
	if (nr_seen == LAB_MAX_DOMAINS)
		return "dom?";
	seen_domains[nr_seen] = domain;
	snprintf(domain_names[nr_seen], sizeof(domain_names[0]), "dom%d", nr_seen);
	return domain_names[nr_seen++];
}

const char *lab_domain_type(struct iommu_domain *domain)
{
	if (!domain)
		return "none";
	switch (domain->type) {
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

struct group_walk {
	int after;	/* print the smallest group number above this */
	int best;
	struct lab_dev *best_dev;
};

static void find_next_group(struct lab_dev *ldev, void *data)
{
	struct group_walk *w = data;
	struct iommu_group *group = iommu_group_get(&ldev->pdev->dev);
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
		dev = &w.best_dev->pdev->dev;
		group = iommu_group_get(dev);
		if (!group)
			break;
		lab_printf("group %d devices=", iommu_group_id(group));
		iommu_group_for_each_dev(group, &first, print_member);
		if (first)
			lab_printf("-");
		/* The group's current domain is the one its devices are attached to. */
		domain = iommu_get_domain_for_dev(dev);
		lab_printf(" type=%s domain=%s\n", lab_domain_type(domain),
			   lab_domain_name(domain));
		iommu_group_put(group);
		w.after = w.best;
	}
	return 0;
}

const struct lab_cmd lab_group_cmds[] = {
	{ "group list", "", cmd_group_list,
	  "list the iommu groups of the bound devices, with their members and current domain" },
	{ }
};
