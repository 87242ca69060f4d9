/*
 * VFIO type1 containers, with group attachment as the June 2022 series
 * "Simplify vfio_iommu_type1 attach/detach routine" made it: a new group
 * first tries every domain the container already has, and a new domain is
 * allocated only when each of them refuses with the incompatibility errno
 * (-EMEDIUMTYPE in the v5.19 era, -EINVAL since).  Any other error fails
 * the attach.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/gfp.h>
#include <sim/mem.h>
#include <sim/slab.h>
#include <sim/vfio.h>

#include "iommu-priv.h"

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

/* Maps every DMA of @c into a domain that just joined (vfio_iommu_replay). */
static int vfio_replay(struct vfio_container *c, struct iommu_domain *domain)
{
	struct vfio_dma *dma;
	int ret;

	list_for_each_entry(dma, &c->dmas, next) {
		ret = iommu_map(domain, dma->iova, dma->pa, dma->size,
				IOMMU_READ | IOMMU_WRITE);
		if (ret)
			goto out_unmap;
	}
	return 0;

out_unmap:
	list_for_each_entry_continue_reverse(dma, &c->dmas, next)
		iommu_unmap(domain, dma->iova, dma->size);
	return ret;
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

static int vfio_new_domain(struct sim *sim, struct vfio_container *c,
			   struct vfio_group *vg)
{
	struct iommu_group *group = vg->iommu_group;
	struct vfio_domain *vd;
	int ret;

	vd = kzalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return -ENOMEM;
	INIT_LIST_HEAD(&vd->groups);
	ret = -EIO;
	vd->domain = __iommu_domain_alloc(sim, sim->iommu_ops,
					  IOMMU_DOMAIN_UNMANAGED, "vfio");
	if (!vd->domain)
		goto out_free;
	ret = iommu_attach_group(vd->domain, group);
	if (ret)
		goto out_domain;
	if (vd->domain->ops->enforce_cache_coherency)
		vd->enforce_cache_coherency =
			vd->domain->ops->enforce_cache_coherency(vd->domain);
	ret = vfio_replay(c, vd->domain);
	if (ret)
		goto out_detach;
	list_add_tail(&vg->next, &vd->groups);
	list_add(&vd->next, &c->domains);
	return 0;

out_detach:
	iommu_detach_group(vd->domain, group);
out_domain:
	vfio_iommu_domain_free(vd->domain);
out_free:
	free(vd);
	return ret;
}

int vfio_attach_group(struct sim *sim, const char *name, struct iommu_group *group)
{
	SIM_ENTER(sim);
	int incompatible = iommu_incompatible_errno(sim);
	struct vfio_container *c;
	struct vfio_domain *vd;
	struct vfio_group *vg;
	int ret;

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
	ret = iommu_group_claim_dma_owner(group, c);
	if (ret)
		goto out_free;

	list_for_each_entry(vd, &c->domains, next) {
		ret = iommu_attach_group(vd->domain, group);
		trace_vfio_try_domain(sim, group->id, vd->domain->name, ret);
		if (ret == incompatible)
			continue;
		if (ret)
			goto out_release;
		list_add_tail(&vg->next, &vd->groups);
		return 0;
	}
	ret = vfio_new_domain(sim, c, vg);
	if (ret)
		goto out_release;
	return 0;

out_release:
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

static void vfio_unmap_all(struct vfio_container *c, struct iommu_domain *domain)
{
	struct vfio_dma *dma;

	list_for_each_entry(dma, &c->dmas, next)
		iommu_unmap(domain, dma->iova, dma->size);
}

static void vfio_dma_free(struct sim *sim, struct vfio_dma *dma)
{
	list_del(&dma->next);
	sim_mem_release(sim->mem, dma->pa, dma->size);
	free(dma);
}

/* Drops a container's domain and the vfio_domain that held it. */
static void vfio_domain_free(struct vfio_domain *vd)
{
	list_del(&vd->next);
	vfio_iommu_domain_free(vd->domain);
	free(vd);
}

int vfio_detach_group(struct sim *sim, struct iommu_group *group)
{
	SIM_ENTER(sim);
	struct vfio_container *c;
	struct vfio_domain *vd;
	struct vfio_group *vg;

	c = vfio_group_container(sim, group, &vd);
	if (!c)
		return -ENOENT;
	list_for_each_entry(vg, &vd->groups, next)
		if (vg->iommu_group == group)
			break;
	iommu_detach_group(vd->domain, group);
	list_del(&vg->next);
	free(vg);
	iommu_group_release_dma_owner(group);
	iommu_group_put(group);

	if (list_empty(&vd->groups)) {
		/* The container's last domain takes the mappings with it. */
		if (list_is_singular(&c->domains)) {
			vfio_unmap_all(c, vd->domain);
			while (!list_empty(&c->dmas))
				vfio_dma_free(sim, list_first_entry(&c->dmas,
						struct vfio_dma, next));
		}
		vfio_domain_free(vd);
	}
	if (list_empty(&c->domains)) {
		list_del(&c->sim_node);
		free(c);
	}
	return 0;
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
	if (!size || (iova | size) & (SZ_4K - 1) || iova + size - 1 < iova)
		return -EINVAL;
	list_for_each_entry(pos, &c->dmas, next)
		if (iova < pos->iova + pos->size && pos->iova < iova + size)
			return -EEXIST;
	dma = kzalloc(sizeof(*dma), GFP_KERNEL);
	if (!dma)
		return -ENOMEM;
	dma->iova = iova;
	dma->size = size;
	ret = alloc_pages_pa(sim, sim->mem, size, SZ_4K, &dma->pa);
	if (ret)
		goto out_free;
	list_for_each_entry(vd, &c->domains, next) {
		ret = iommu_map(vd->domain, iova, dma->pa, size,
				IOMMU_READ | IOMMU_WRITE);
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

int vfio_dma_unmap(struct sim *sim, const char *name, dma_addr_t iova, size_t size)
{
	SIM_ENTER(sim);
	struct vfio_container *c = vfio_container_find(sim, name);
	struct vfio_domain *vd;
	struct vfio_dma *dma;

	if (!c)
		return -EINVAL;
	list_for_each_entry(dma, &c->dmas, next) {
		if (dma->iova != iova || dma->size != size)
			continue;
		list_for_each_entry(vd, &c->domains, next)
			iommu_unmap(vd->domain, iova, size);
		vfio_dma_free(sim, dma);
		return 0;
	}
	return -ENOENT;
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
}
