/*
 * Pointing a device's context entry at a domain, and what the domain
 * holds in each unit: 6.1's domain_add_dev_info(),
 * domain_attach_iommu()/domain_detach_iommu() and
 * device_block_translation().  The entry itself is written in memory by
 * vtd_root.c; the vtd_dev_info fields context and domain say what it
 * holds.  Every change is traced as "vtd_context dev=D domain=NAME did=N"
 * or "vtd_context dev=D domain=none".
 */
#include <linux/dma-mapping.h>
#include <linux/errno.h>
#include <linux/slab.h>

#include "vtd.h"

/* Lowest free domain ID of @vtd, or -ENOSPC (6.1: "No free domain ids"). */
static int did_alloc(struct vtd_iommu *vtd)
{
	for (unsigned int word = 0; word < VTD_NR_DIDS / 64; word++) {
		u64 free_bits = ~vtd->domain_ids[word];

		if (free_bits) {
			unsigned int bit = __builtin_ctzll(free_bits);

			vtd->domain_ids[word] |= BIT_ULL(bit);
			return word * 64 + bit;
		}
	}
	return -ENOSPC;
}

static void did_free(struct vtd_iommu *vtd, u16 did)
{
	vtd->domain_ids[did / 64] &= ~BIT_ULL(did % 64);
}

static struct vtd_domain_unit *domain_unit_find(struct vtd_domain *vdom,
						struct vtd_iommu *vtd)
{
	struct vtd_domain_unit *du;

	list_for_each_entry(du, &vdom->units, node)
		if (du->iommu == vtd)
			return du;
	return NULL;
}

/* A reference on @vdom's DID in @vtd, allocating one for the first. */
static int domain_attach_unit(struct vtd_domain *vdom, struct vtd_iommu *vtd,
			      u16 *did)
{
	struct vtd_domain_unit *du = domain_unit_find(vdom, vtd);
	int ret;

	if (du) {
		du->refcnt++;
		*did = du->did;
		return 0;
	}
	du = kzalloc(sizeof(*du), GFP_KERNEL);
	if (!du)
		return -ENOMEM;
	ret = did_alloc(vtd);
	if (ret < 0) {
		kfree(du);
		return ret;
	}
	du->iommu = vtd;
	du->did = ret;
	du->refcnt = 1;
	list_add_tail(&du->node, &vdom->units);
	*did = du->did;
	return 0;
}

static void domain_detach_unit(struct vtd_domain *vdom, struct vtd_iommu *vtd)
{
	struct vtd_domain_unit *du = domain_unit_find(vdom, vtd);

	if (!du || --du->refcnt)
		return;
	did_free(vtd, du->did);
	list_del(&du->node);
	kfree(du);
}

int vtd_domain_add_dev(struct iommu_domain *domain, struct vtd_dev_info *info)
{
	struct vtd_iommu *vtd = info->iommu;
	struct vtd_domain *vdom;
	u16 did;
	int ret;

	vdom = to_vtd_domain(domain);
	if (vdom->identity) {
		/* Pass-through context: no tables, one DID per unit. */
		if (!vtd->si_refcnt) {
			ret = did_alloc(vtd);
			if (ret < 0)
				return ret;
			vtd->si_did = ret;
		}
		ret = vtd_context_map(info, vtd->si_did, CONTEXT_TT_PASS_THROUGH, 0, 0);
		if (ret) {
			if (!vtd->si_refcnt)
				did_free(vtd, vtd->si_did);
			return ret;
		}
		vtd->si_refcnt++;
		list_add_tail(&info->link, &vdom->devices);
		info->context = VTD_CTX_PASSTHROUGH;
		info->domain = domain;
		trace_vtd_context(info->dev, lab_domain_name(domain), vtd->si_did);
		return 0;
	}

	ret = vtd_pgtable_alloc_root(&vdom->pgt);
	if (ret)
		return ret;
	ret = domain_attach_unit(vdom, vtd, &did);
	if (ret)
		return ret;
	ret = vtd_context_map(info, did, CONTEXT_TT_MULTI_LEVEL, vdom->pgt.root,
			      vdom->pgt.levels);
	if (ret) {
		domain_detach_unit(vdom, vtd);
		return ret;
	}
	/*
	 * 6.1's domain_update_iommu_cap(): the aperture follows the width,
	 * and every simulated unit walks 2 MiB and 1 GiB superpages.
	 */
	vdom->domain.geometry.aperture_end = DMA_BIT_MASK(vdom->gaw);
	vdom->domain.pgsize_bitmap |= SZ_2M | SZ_1G;
	list_add_tail(&info->link, &vdom->devices);
	info->context = VTD_CTX_DOMAIN;
	info->domain = domain;
	trace_vtd_context(info->dev, lab_domain_name(domain), did);
	return 0;
}

void vtd_block_translation(struct vtd_dev_info *info)
{
	struct iommu_domain *domain = info->domain;
	struct vtd_iommu *vtd = info->iommu;

	vtd_context_clear(info);
	info->context = VTD_CTX_NONE;
	info->domain = NULL;
	trace_vtd_context_clear(info->dev);
	if (!domain)
		return;
	list_del_init(&info->link);
	if (vtd_domain_is_si(domain)) {
		if (!--vtd->si_refcnt)
			did_free(vtd, vtd->si_did);
		return;
	}
	domain_detach_unit(to_vtd_domain(domain), vtd);
}
