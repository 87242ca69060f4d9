/*
 * VFIO type1 containers, as drivers/vfio/vfio_iommu_type1.c and the group
 * code of 6.1's drivers/vfio (container.c, vfio_main.c) have them.
 *
 * A group can be put in a container only when a device of it is bound to
 * a VFIO driver (its /dev/vfio/N exists then) and, from 5.19, when no
 * kernel driver uses it: the container claims its DMA ownership first,
 * which puts the group on its blocking domain.  type1 then allocates a
 * new domain, attaches the group, and looks for an existing domain with
 * the same ops and the same cache-coherency enforcement to take instead;
 * a domain that stays is probed for fine-grained superpages and given
 * the container's mappings.  Teardown runs the other way: detach, unmap
 * and unpin everything with the last group, free the domain, and only
 * then give the group back to its default domain.  The eras change the
 * comparison (v4.4, v4.12) or the whole order (v5.19, the June 2022
 * proposal: existing domains first, a new one on the incompatibility
 * errno); docs/iommu-core.md has the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/gfp.h>
#include <sim/mem.h>
#include <sim/printk.h>
#include <sim/slab.h>
#include <sim/vfio.h>

#include "iommu-priv.h"

#define VFIO_PAGE	SZ_4K

struct vfio_container *vfio_container_find(struct sim *sim, const char *name)
{
	struct vfio_container *c;

	list_for_each_entry(c, &sim->vfio_containers, sim_node)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static struct vfio_container *vfio_container_get(struct sim *sim, const char *name)
{
	struct vfio_container *c = vfio_container_find(sim, name);

	if (c)
		return c;
	if (strlen(name) >= sizeof(c->name))
		return NULL;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	strcpy(c->name, name);
	INIT_LIST_HEAD(&c->domains);
	INIT_LIST_HEAD(&c->dmas);
	list_add_tail(&c->sim_node, &sim->vfio_containers);
	return c;
}

struct vfio_container *vfio_group_container(struct sim *sim,
					    struct iommu_group *group,
					    struct vfio_domain **vdp)
{
	struct vfio_container *c;
	struct vfio_domain *vd;
	struct vfio_group *vg;

	list_for_each_entry(c, &sim->vfio_containers, sim_node)
		list_for_each_entry(vd, &c->domains, next)
			list_for_each_entry(vg, &vd->groups, next)
				if (vg->iommu_group == group) {
					if (vdp)
						*vdp = vd;
					return c;
				}
	return NULL;
}

/* A device of @group is bound to a VFIO driver: /dev/vfio/N exists. */
static bool vfio_group_exists(struct iommu_group *group)
{
	struct group_device *gdev;

	list_for_each_entry(gdev, &group->devices, list)
		if (gdev->dev->vfio_registered)
			return true;
	return false;
}

/* device_iommu_capable(): an IOMMU without a capable op has nothing. */
static bool vfio_device_capable(struct device *dev, enum iommu_cap cap)
{
	const struct iommu_ops *ops;

	if (!dev->iommu || !dev->iommu->iommu_dev)
		return false;
	ops = dev->iommu->iommu_dev->ops;
	return ops->capable && ops->capable(dev, cap);
}

int vfio_register_group_dev(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	/* vfio_group_find_or_alloc(): no group and no noiommu mode */
	if (!group)
		return -EINVAL;
	/* VFIO maps with IOMMU_CACHE: the IOMMU must make DMA coherent (5.19) */
	if (sim_era_has(dev->sim, ERA_VFIO_CACHE_COHERENCY) &&
	    !vfio_device_capable(dev, IOMMU_CAP_CACHE_COHERENCY))
		return -EINVAL;
	dev->vfio_registered = true;
	return 0;
}

int vfio_platform_init_common(struct device *dev)
{
	struct sim *sim = dev->sim;
	bool required = sim->params.vfio_platform_reset_required;

	/* vfio_platform_get_reset(): no board has a device with a reset module */
	if (!sim_era_has(sim, ERA_VFIO_PLATFORM_RESET))
		return 0;
	if (required)
		dev_err(dev, "VFIO: No reset function found for device %s\n",
			dev_kernel_name(dev));
	return required || sim_era_has(sim, ERA_VFIO_PLATFORM_RESET_ALWAYS) ?
	       -ENOENT : 0;
}

/*
 * Interrupt isolation: irq_domain_check_msi_remap() (no board's interrupt
 * controller remaps MSIs: mt8173's GIC has no ITS) or a device of the
 * group whose IOMMU reports IOMMU_CAP_INTR_REMAP.
 */
static bool vfio_group_msi_remap(struct iommu_group *group)
{
	struct group_device *gdev;

	list_for_each_entry(gdev, &group->devices, list)
		if (vfio_device_capable(gdev->dev, IOMMU_CAP_INTR_REMAP))
			return true;
	return false;
}

/* type1's refusal of a group without isolated interrupts (-EPERM). */
static int vfio_check_msi_remap(struct sim *sim, struct iommu_group *group)
{
	if (sim->params.vfio_allow_unsafe_interrupts || vfio_group_msi_remap(group))
		return 0;
	/* 6.1's pr_warn(), its %s being __func__ */
	sim_printk_level(sim, LOGLEVEL_WARNING,
			 "%s: No interrupt remapping support.  Use the module param "
			 "\"allow_unsafe_interrupts\" to enable VFIO IOMMU support on "
			 "this platform", "vfio_iommu_type1_attach_group");
	return -EPERM;
}

void vfio_unregister_group_dev(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	if (!dev->vfio_registered)
		return;
	dev->vfio_registered = false;
	/*
	 * vfio_device_remove_group(): the group's last VFIO device takes it
	 * out of its container; the user's group file stays open, in none.
	 */
	if (group && !vfio_group_exists(group) &&
	    vfio_group_container(dev->sim, group, NULL)) {
		struct vfio_stale_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

		vfio_detach_group(dev->sim, group);
		if (f) {
			f->group_id = group->id;
			list_add_tail(&f->node, &dev->sim->vfio_stale_files);
		}
	}
}

bool vfio_close_stale_file(struct sim *sim, int group_id)
{
	struct vfio_stale_file *f;

	list_for_each_entry(f, &sim->vfio_stale_files, node)
		if (f->group_id == group_id) {
			list_del(&f->node);
			free(f);
			return true;
		}
	return false;
}

/* The prot every type1 mapping of @vd gets: 6.1 always adds IOMMU_CACHE. */
static int vfio_prot(struct sim *sim, const struct vfio_domain *vd)
{
	if (sim_era_has(sim, ERA_VFIO_PROT_CACHE))
		return IOMMU_READ | IOMMU_WRITE | vd->prot;
	return IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE;
}

/*
 * Maps every DMA of @c into a domain that just joined (vfio_iommu_replay()):
 * each is physically contiguous, so one iommu_map() each.
 */
static int vfio_replay(struct sim *sim, struct vfio_container *c,
		       struct vfio_domain *vd)
{
	struct vfio_dma *dma;
	int ret;

	list_for_each_entry(dma, &c->dmas, next) {
		ret = iommu_map(vd->domain, dma->iova, dma->pa, dma->size,
				vfio_prot(sim, vd));
		if (ret)
			goto out_unmap;
	}
	return 0;

out_unmap:
	list_for_each_entry_continue_reverse(dma, &c->dmas, next)
		iommu_unmap(vd->domain, dma->iova, dma->size);
	return ret;
}

static void resv_list_free(struct list_head *regions)
{
	while (!list_empty(regions)) {
		struct iommu_resv_region *r = list_first_entry(regions,
					struct iommu_resv_region, list);

		list_del(&r->list);
		free(r);
	}
}

/*
 * The reserved regions the container's IOVA list leaves out: those of
 * @group (if any) and of every group already in @c, all but the
 * relaxable direct ones (vfio_iommu_resv_exclude()).
 */
static int vfio_resv_regions(struct vfio_container *c, struct iommu_group *group,
			     struct list_head *regions)
{
	struct vfio_domain *vd;
	struct vfio_group *vg;
	int ret = 0;

	if (group)
		ret = iommu_get_group_resv_regions(group, regions);
	list_for_each_entry(vd, &c->domains, next)
		list_for_each_entry(vg, &vd->groups, next)
			if (!ret)
				ret = iommu_get_group_resv_regions(vg->iommu_group, regions);
	return ret;
}

/*
 * The first range of the container's IOVA list, as 6.1 keeps it: the
 * apertures of its domains and of @new, intersected, less the reserved
 * regions.  From @from on; false when none is left.
 */
static bool vfio_iova_next_range(struct vfio_container *c, struct iommu_domain *new,
				 struct list_head *resv, dma_addr_t from,
				 dma_addr_t *start, dma_addr_t *end)
{
	dma_addr_t lo = new->geometry.aperture_start, hi = new->geometry.aperture_end;
	struct iommu_resv_region *r, *first;
	struct vfio_domain *vd;

	list_for_each_entry(vd, &c->domains, next) {
		if (vd->domain->geometry.aperture_start > lo)
			lo = vd->domain->geometry.aperture_start;
		if (vd->domain->geometry.aperture_end < hi)
			hi = vd->domain->geometry.aperture_end;
	}
	if (from > lo)
		lo = from;
	while (lo <= hi) {
		first = NULL;
		list_for_each_entry(r, resv, list) {
			dma_addr_t rend = r->start + r->length - 1;

			if (r->type == IOMMU_RESV_DIRECT_RELAXABLE || rend < lo ||
			    r->start > hi)
				continue;
			if (!first || r->start < first->start)
				first = r;
		}
		if (!first) {
			*start = lo;
			*end = hi;
			return true;
		}
		if (first->start > lo) {
			*start = lo;
			*end = first->start - 1;
			return true;
		}
		if (first->start + first->length - 1 >= hi)
			return false;
		lo = first->start + first->length;
	}
	return false;
}

/*
 * vfio_test_domain_fgsp(): map two pages, unmap the first.  An IOMMU that
 * took them as one superpage unmaps both at once and can split no
 * superpage: fgsp.  6.1 maps at the first range of the IOVA list that
 * holds two aligned pages; before, at IOVA 0.
 */
static void vfio_test_domain_fgsp(struct sim *sim, struct vfio_container *c,
				  struct vfio_domain *vd, struct list_head *resv)
{
	dma_addr_t start = 0, rstart, rend, from = 0;
	phys_addr_t pa;
	size_t unmapped;

	if (alloc_pages_pa(sim, sim->mem, 2 * VFIO_PAGE, 2 * VFIO_PAGE, &pa))
		return;
	if (!sim_era_has(sim, ERA_VFIO_PROT_CACHE)) {
		for (;;) {
			if (!vfio_iova_next_range(c, vd->domain, resv, from, &rstart, &rend))
				goto out_free;
			start = (rstart + 2 * VFIO_PAGE - 1) & ~(dma_addr_t)(2 * VFIO_PAGE - 1);
			if (start < rend && rend - start >= 2 * VFIO_PAGE)
				break;
			if (rend == (dma_addr_t)-1)
				goto out_free;
			from = rend + 1;
		}
	}
	if (!iommu_map(vd->domain, start, pa, 2 * VFIO_PAGE, vfio_prot(sim, vd))) {
		unmapped = iommu_unmap(vd->domain, start, VFIO_PAGE);
		if (unmapped == VFIO_PAGE)
			iommu_unmap(vd->domain, start + VFIO_PAGE, VFIO_PAGE);
		else
			vd->fgsp = true;
	}
out_free:
	sim_mem_release(sim->mem, pa, 2 * VFIO_PAGE);
}

/*
 * Frees a domain VFIO no longer points at.  A driver may have freed it
 * already (the 2015-12 free-domain variant): that is reported as the
 * double free it is, and the quarantine lets it go now.
 */
static void vfio_iommu_domain_free(struct iommu_domain *domain)
{
	bool freed = domain->freed;

	iommu_domain_free(domain);
	if (freed)
		domain_quarantine_release(domain);
}

static struct vfio_domain *vfio_domain_new(struct sim *sim)
{
	struct vfio_domain *vd = kzalloc(sizeof(*vd), GFP_KERNEL);

	if (!vd)
		return NULL;
	INIT_LIST_HEAD(&vd->groups);
	/* vfio_iommu_domain_alloc(): iommu_domain_alloc() of the group's bus */
	vd->domain = __iommu_domain_alloc(sim, sim->iommu_ops,
					  IOMMU_DOMAIN_UNMANAGED, "vfio");
	if (!vd->domain) {
		free(vd);
		return NULL;
	}
	return vd;
}

/* Frees a domain the container does not keep, and its record. */
static void vfio_domain_release(struct vfio_domain *vd)
{
	vfio_iommu_domain_free(vd->domain);
	free(vd);
}

/*
 * A new domain with @group attached, and in @resv the reserved regions
 * the container's IOVA list leaves out; NULL, everything undone and
 * *@err set, when a step fails.
 */
static struct vfio_domain *vfio_domain_attach_new(struct sim *sim,
						  struct vfio_container *c,
						  struct iommu_group *group,
						  struct list_head *resv, int *err)
{
	struct vfio_domain *vd = vfio_domain_new(sim);
	int ret;

	if (!vd) {
		*err = -EIO;
		return NULL;
	}
	ret = iommu_attach_group(vd->domain, group);
	if (ret)
		goto out_release;
	ret = vfio_resv_regions(c, group, resv);
	if (ret)
		goto out_detach;
	return vd;

out_detach:
	iommu_detach_group(vd->domain, group);
out_release:
	vfio_domain_release(vd);
	resv_list_free(resv);
	*err = ret;
	return NULL;
}

/* Undoes a new domain that did not join: detach, free, forget @resv. */
static int vfio_domain_abandon(struct vfio_domain *vd, struct iommu_group *group,
			       struct list_head *resv, int ret)
{
	iommu_detach_group(vd->domain, group);
	vfio_domain_release(vd);
	resv_list_free(resv);
	return ret;
}

/*
 * Whether @d can take the group instead of the new @vd: the same ops and
 * the same enforce_cache_coherency (6.1); before 5.19, the same prot.
 */
static bool vfio_domain_compatible(struct sim *sim, struct vfio_domain *d,
				   struct vfio_domain *vd)
{
	if (d->domain->ops != vd->domain->ops)
		return false;
	if (sim_era_has(sim, ERA_VFIO_PROT_CACHE))
		return d->prot == vd->prot;
	return d->enforce_cache_coherency == vd->enforce_cache_coherency;
}

/*
 * A new domain joins the container: fgsp probe, replay of the mappings,
 * and it goes first in the domain list (list_add()).
 */
static int vfio_domain_commit(struct sim *sim, struct vfio_container *c,
			      struct vfio_domain *vd, struct vfio_group *vg,
			      struct list_head *resv)
{
	int ret;

	vfio_test_domain_fgsp(sim, c, vd, resv);
	ret = vfio_replay(sim, c, vd);
	if (ret)
		return ret;
	list_add_tail(&vg->next, &vd->groups);
	list_add(&vd->next, &c->domains);
	return 0;
}

/* For the note: existing domain @d refused the group with @err. */
static void vfio_note_refusal(struct vfio_attach_note *note,
			      const struct vfio_domain *d, int err)
{
	if (note->nrefused < VFIO_ATTACH_REFUSALS_NAMED) {
		snprintf(note->refused[note->nrefused].domain,
			 sizeof(note->refused[0].domain), "%s", d->domain->name);
		note->refused[note->nrefused].err = err;
	}
	note->nrefused++;
}

/* For the note: the group ended in @d, a new domain or one of the container's. */
static void vfio_note_domain(struct vfio_attach_note *note,
			     const struct vfio_domain *d, bool new_domain)
{
	snprintf(note->domain, sizeof(note->domain), "%s", d->domain->name);
	note->new_domain = new_domain;
}

/* vfio_iommu_type1_attach_group() of 6.1 (and, with the era's flag, of v4.4). */
static int vfio_type1_attach(struct sim *sim, struct vfio_container *c,
			     struct vfio_group *vg, struct vfio_attach_note *note)
{
	struct iommu_group *group = vg->iommu_group;
	struct vfio_domain *vd, *d;
	LIST_HEAD(resv);
	int ret;

	vd = vfio_domain_attach_new(sim, c, group, &resv, &ret);
	if (!vd)
		return ret;
	ret = vfio_check_msi_remap(sim, group);
	if (ret)
		return vfio_domain_abandon(vd, group, &resv, ret);

	/*
	 * Before 5.19 the domain's prot took IOMMU_CACHE when
	 * iommu_capable(bus, IOMMU_CAP_CACHE_COHERENCY) said so (mtk_iommu
	 * had no capable op; intel said yes only when every unit had snoop
	 * control); the simulator leaves that prot out, so vd->prot stays 0
	 * and the domains compare by their ops.
	 */
	if (!sim_era_has(sim, ERA_VFIO_PROT_CACHE) &&
	    vd->domain->ops->enforce_cache_coherency) {
		vd->enforce_cache_coherency =
			vd->domain->ops->enforce_cache_coherency(vd->domain);
	}

	list_for_each_entry(d, &c->domains, next) {
		if (!vfio_domain_compatible(sim, d, vd))
			continue;
		iommu_detach_group(vd->domain, group);
		ret = iommu_attach_group(d->domain, group);
		if (!ret) {
			list_add_tail(&vg->next, &d->groups);
			vfio_note_domain(note, d, false);
			vfio_domain_release(vd);
			resv_list_free(&resv);
			return 0;
		}
		vfio_note_refusal(note, d, ret);
		/* back to the new domain, and on to the next candidate */
		ret = iommu_attach_group(vd->domain, group);
		if (ret) {
			vfio_domain_release(vd);
			resv_list_free(&resv);
			return ret;
		}
	}

	ret = vfio_domain_commit(sim, c, vd, vg, &resv);
	if (ret)
		return vfio_domain_abandon(vd, group, &resv, ret);
	vfio_note_domain(note, vd, true);
	resv_list_free(&resv);
	return 0;
}

/*
 * The June 2022 proposal: each existing domain first; a refusal with the
 * era's incompatibility errno moves on, any other error fails.  Then a
 * new domain, as 6.1 makes one.
 */
static int vfio_type1_attach_existing_first(struct sim *sim,
					    struct vfio_container *c,
					    struct vfio_group *vg,
					    struct vfio_attach_note *note)
{
	struct iommu_group *group = vg->iommu_group;
	struct vfio_domain *vd;
	LIST_HEAD(resv);
	int ret;

	/* Checked here before any domain is tried, so a refusal attaches nothing. */
	ret = vfio_check_msi_remap(sim, group);
	if (ret)
		return ret;
	list_for_each_entry(vd, &c->domains, next) {
		ret = iommu_attach_group(vd->domain, group);
		trace_vfio_try_domain(sim, group->id, vd->domain->name, ret);
		if (!ret) {
			list_add_tail(&vg->next, &vd->groups);
			vfio_note_domain(note, vd, false);
			return 0;
		}
		if (ret != iommu_incompatible_errno(sim, IOMMU_INCOMPATIBLE_SNOOP) &&
		    ret != iommu_incompatible_errno(sim, IOMMU_INCOMPATIBLE_WIDTH))
			return ret;
		vfio_note_refusal(note, vd, ret);
	}

	vd = vfio_domain_attach_new(sim, c, group, &resv, &ret);
	if (!vd)
		return ret;
	if (vd->domain->ops->enforce_cache_coherency)
		vd->enforce_cache_coherency =
			vd->domain->ops->enforce_cache_coherency(vd->domain);
	ret = vfio_domain_commit(sim, c, vd, vg, &resv);
	if (ret)
		return vfio_domain_abandon(vd, group, &resv, ret);
	vfio_note_domain(note, vd, true);
	resv_list_free(&resv);
	return 0;
}

int vfio_attach_group(struct sim *sim, const char *name, struct iommu_group *group,
		      struct vfio_attach_note *note)
{
	SIM_ENTER(sim);
	bool ownership = !sim_era_has(sim, ERA_NO_DMA_OWNERSHIP);
	struct vfio_attach_note unused;
	struct vfio_container *c;
	struct vfio_group *vg;
	int ret;

	if (!note)
		note = &unused;
	memset(note, 0, sizeof(*note));
	/* open("/dev/vfio/N"): there is none without a VFIO driver's device */
	if (!vfio_group_exists(group))
		return -ENOENT;
	/* vfio_group_fops_open(): the group is open already, by its container */
	if (vfio_group_container(sim, group, NULL))
		return -EBUSY;
	c = vfio_container_get(sim, name);
	if (!c)
		return -ENOMEM;
	vg = kzalloc(sizeof(*vg), GFP_KERNEL);
	if (!vg) {
		ret = -ENOMEM;
		goto out_free_container;
	}
	vg->iommu_group = iommu_group_ref_get(group);
	/* VFIO_GROUP_SET_CONTAINER: vfio_container_attach_group() */
	if (ownership) {
		ret = iommu_group_claim_dma_owner(group, c);
		if (ret)
			goto out_free;
		vg->claimed = true;
	}
	/* VFIO_SET_IOMMU (or the container's type1, for a later group) */
	ret = sim_era_has(sim, ERA_VFIO_TRY_EXISTING) ?
	      vfio_type1_attach_existing_first(sim, c, vg, note) :
	      vfio_type1_attach(sim, c, vg, note);
	if (ret)
		goto out_release;
	return 0;

out_release:
	if (ownership)
		iommu_group_release_dma_owner(group);
out_free:
	iommu_group_put(group);
	free(vg);
out_free_container:
	/* A container made for this group goes with it. */
	if (list_empty(&c->domains)) {
		list_del(&c->sim_node);
		free(c);
	}
	return ret;
}

/*
 * vfio_unmap_unpin(): the container's other domains lose the range whole;
 * the first one, which tells the pages to unpin, in physically contiguous
 * chunks (a page at a time with fgsp).
 */
static void vfio_unmap_unpin(struct vfio_container *c, struct vfio_dma *dma)
{
	struct vfio_domain *first, *d;
	dma_addr_t iova, end = dma->iova + dma->size;

	if (list_empty(&c->domains))
		return;
	first = list_first_entry(&c->domains, struct vfio_domain, next);
	list_for_each_entry(d, &c->domains, next)
		if (d != first)
			iommu_unmap(d->domain, dma->iova, dma->size);
	for (iova = dma->iova; iova < end; ) {
		size_t len = first->fgsp ? VFIO_PAGE : end - iova;
		size_t unmapped = iommu_unmap(first->domain, iova, len);

		/* WARN_ON(!unmapped) in 6.1's unmap_unpin_slow() */
		if (!unmapped)
			break;
		iova += unmapped;
	}
}

static void vfio_remove_dma(struct sim *sim, struct vfio_container *c,
			    struct vfio_dma *dma)
{
	vfio_unmap_unpin(c, dma);
	list_del(&dma->next);
	sim_mem_release(sim->mem, dma->pa, dma->size);
	free(dma);
}

int vfio_detach_group(struct sim *sim, struct iommu_group *group)
{
	SIM_ENTER(sim);
	struct vfio_container *c;
	struct vfio_domain *vd;
	struct vfio_group *vg;
	bool claimed;

	c = vfio_group_container(sim, group, &vd);
	if (!c)
		return -ENOENT;
	list_for_each_entry(vg, &vd->groups, next)
		if (vg->iommu_group == group)
			break;
	/* vfio_iommu_type1_detach_group() */
	iommu_detach_group(vd->domain, group);
	list_del(&vg->next);
	claimed = vg->claimed;
	free(vg);
	if (list_empty(&vd->groups)) {
		/* The container's last domain takes the mappings with it. */
		if (list_is_singular(&c->domains))
			while (!list_empty(&c->dmas))
				vfio_remove_dma(sim, c, list_first_entry(&c->dmas,
						struct vfio_dma, next));
		list_del(&vd->next);
		vfio_domain_release(vd);
	}
	/* vfio_group_detach_container(): ownership goes after the IOMMU's detach */
	if (claimed)
		iommu_group_release_dma_owner(group);
	iommu_group_put(group);
	if (list_empty(&c->domains)) {
		list_del(&c->sim_node);
		free(c);
	}
	return 0;
}

/*
 * vfio_iommu_iova_dma_valid(): the range lies in one range of the
 * container's IOVA list (the apertures less the reserved regions).
 */
static bool vfio_iova_dma_valid(struct vfio_container *c, dma_addr_t iova,
				dma_addr_t last)
{
	struct vfio_domain *first = list_first_entry(&c->domains,
						     struct vfio_domain, next);
	dma_addr_t start, end;
	LIST_HEAD(resv);
	bool valid;

	valid = !vfio_resv_regions(c, NULL, &resv) &&
		vfio_iova_next_range(c, first->domain, &resv, iova, &start, &end) &&
		start == iova && end >= last;
	resv_list_free(&resv);
	return valid;
}

int vfio_dma_map(struct sim *sim, const char *name, dma_addr_t iova, size_t size)
{
	SIM_ENTER(sim);
	struct vfio_container *c = vfio_container_find(sim, name);
	struct vfio_domain *vd;
	struct vfio_dma *dma, *pos;
	int ret;

	if (!c || list_empty(&c->domains))
		return -EINVAL;
	if (!size || (iova | size) & (VFIO_PAGE - 1) || iova + size - 1 < iova)
		return -EINVAL;
	list_for_each_entry(pos, &c->dmas, next)
		if (iova < pos->iova + pos->size && pos->iova < iova + size)
			return -EEXIST;
	if (!vfio_iova_dma_valid(c, iova, iova + size - 1))
		return -EINVAL;
	dma = kzalloc(sizeof(*dma), GFP_KERNEL);
	if (!dma)
		return -ENOMEM;
	dma->iova = iova;
	dma->size = size;
	ret = alloc_pages_pa(sim, sim->mem, size, VFIO_PAGE, &dma->pa);
	if (ret)
		goto out_free;
	/* vfio_iommu_map(): every domain, in the container's order */
	list_for_each_entry(vd, &c->domains, next) {
		ret = iommu_map(vd->domain, iova, dma->pa, size, vfio_prot(sim, vd));
		if (ret)
			goto out_unmap;
	}
	list_for_each_entry(pos, &c->dmas, next)
		if (pos->iova > iova)
			break;
	list_add_tail(&dma->next, &pos->next);
	return 0;

out_unmap:
	list_for_each_entry_continue_reverse(vd, &c->domains, next)
		iommu_unmap(vd->domain, iova, size);
	sim_mem_release(sim->mem, dma->pa, size);
out_free:
	free(dma);
	return ret;
}

/*
 * VFIO_IOMMU_UNMAP_DMA, type1v2 (vfio_dma_do_unmap()): the range must be
 * page aligned and must not cut a mapping in two (-EINVAL); every mapping
 * inside it goes, and a range with none inside is no error.
 */
int vfio_dma_unmap(struct sim *sim, const char *name, dma_addr_t iova, size_t size)
{
	SIM_ENTER(sim);
	struct vfio_container *c = vfio_container_find(sim, name);
	struct vfio_dma *dma, *next;
	dma_addr_t last = iova + size - 1;

	if (!c)
		return -EINVAL;
	if (!size || (iova | size) & (VFIO_PAGE - 1) || last < iova)
		return -EINVAL;
	list_for_each_entry(dma, &c->dmas, next) {
		dma_addr_t dlast = dma->iova + dma->size - 1;

		if ((iova > dma->iova && iova <= dlast) ||
		    (last >= dma->iova && last < dlast))
			return -EINVAL;
	}
	list_for_each_entry_safe(dma, next, &c->dmas, next)
		if (dma->iova >= iova && dma->iova + dma->size - 1 <= last)
			vfio_remove_dma(sim, c, dma);
	return 0;
}

static bool group_behind(struct iommu_group *group, struct iommu_device *iommu)
{
	struct group_device *gdev;

	list_for_each_entry(gdev, &group->devices, list)
		if (gdev->dev->iommu && gdev->dev->iommu->iommu_dev == iommu)
			return true;
	return false;
}

void iommu_vfio_release_iommu(struct sim *sim, struct iommu_device *iommu)
{
	struct vfio_container *c;
	struct vfio_domain *vd;
	struct vfio_group *vg;

again:
	list_for_each_entry(c, &sim->vfio_containers, sim_node)
		list_for_each_entry(vd, &c->domains, next)
			list_for_each_entry(vg, &vd->groups, next)
				if (group_behind(vg->iommu_group, iommu)) {
					/* May free vg, vd and c: start over. */
					vfio_detach_group(sim, vg->iommu_group);
					goto again;
				}
}

void vfio_release_all(struct sim *sim)
{
	while (!list_empty(&sim->vfio_containers)) {
		struct vfio_container *c = list_first_entry(&sim->vfio_containers,
						struct vfio_container, sim_node);
		struct vfio_domain *vd = list_first_entry(&c->domains,
						struct vfio_domain, next);
		struct vfio_group *vg = list_first_entry(&vd->groups,
						struct vfio_group, next);

		vfio_detach_group(sim, vg->iommu_group);
	}
	while (!list_empty(&sim->vfio_stale_files)) {
		struct vfio_stale_file *f = list_first_entry(&sim->vfio_stale_files,
						struct vfio_stale_file, node);

		list_del(&f->node);
		free(f);
	}
}
