/*
 * Invariant "vfio-owner": no kernel driver is bound to a device of a group
 * VFIO owns; the VFIO drivers themselves (vfio-pci, vfio-platform) are
 * what a group VFIO uses is bound to.  Userspace drives such a device's
 * DMA; a kernel driver bound beside it would share its IOMMU domain and
 * so its isolation.  Linux 6.1 prevents it with DMA ownership
 * (iommu_group_claim_dma_owner() fails while a driver uses the group, and
 * a driver cannot bind into a claimed group), so in the 5.19+ eras only
 * an era switch under a bound machine gets here; before 5.19 (v4.4,
 * v4.12) a container took a group whatever its other devices had, and
 * VFIO checked after every bind, BUG_ON(vfio_group_nb_verify(group, dev)).
 */
#include <stdio.h>

#include <sim/device.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>
#include <sim/vfio.h>

#include "check.h"

static void check_group(struct check_ctx *ctx, struct vfio_container *c,
			struct vfio_group *vg)
{
	struct iommu_group *group = vg->iommu_group;
	struct group_device *gdev;
	struct device *first = NULL;
	char subject[96], others[64];
	unsigned int more = 0;

	if (vg->claimed && group->owner != c) {
		snprintf(subject, sizeof(subject), "group=%d", group->id);
		check_report(ctx, "vfio-owner", subject,
			     "group %d is in VFIO container %s, which does not own its DMA (iommu_group_claim_dma_owner)",
			     group->id, c->name);
	}
	/* One report for the group: the first device with a driver, and how many more. */
	list_for_each_entry(gdev, &group->devices, list) {
		if (!check_device_live(ctx, gdev->dev) || !gdev->dev->driver ||
		    gdev->dev->vfio_registered)
			continue;
		if (!first)
			first = gdev->dev;
		else
			more++;
	}
	if (!first)
		return;
	snprintf(subject, sizeof(subject), "group=%d dev=%s", group->id, dev_name(first));
	if (more)
		snprintf(others, sizeof(others), " (and %u more device%s with drivers)", more,
			 more == 1 ? "" : "s");
	else
		others[0] = '\0';
	check_report(ctx, "vfio-owner", subject,
		     "VFIO container %s owns group %d, but %s is bound to driver %s%s: the group is not viable (vfio_group_nb_verify)",
		     c->name, group->id, dev_name(first), first->driver->name, others);
}

void check_vfio_owner(struct check_ctx *ctx)
{
	struct vfio_container *c;
	struct vfio_domain *vd;
	struct vfio_group *vg;

	list_for_each_entry(c, &ctx->sim->vfio_containers, sim_node)
		list_for_each_entry(vd, &c->domains, next)
			list_for_each_entry(vg, &vd->groups, next)
				if (check_group_live(ctx, vg->iommu_group))
					check_group(ctx, c, vg);
}
