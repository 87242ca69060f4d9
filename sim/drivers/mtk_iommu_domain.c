/*
 * The M4U's domains (drivers/iommu/mtk_iommu.c): DMA and unmanaged only, one
 * ARMv7 short-descriptor page table made at the first attach and shared by
 * every later domain, 4 GB mode's PA bit 32, and range invalidation after
 * map and unmap.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/m4u.h>
#include <sim/sim.h>

#include "mtk_iommu.h"

struct iommu_domain *mtk_iommu_domain_alloc(unsigned int type)
{
	struct mtk_iommu_domain *dom;

	if (type != IOMMU_DOMAIN_DMA && type != IOMMU_DOMAIN_UNMANAGED)
		return NULL;
	/* The core counts this kzalloc() for fail-nth: it has the machine. */
	dom = calloc(1, sizeof(*dom));
	return dom ? &dom->domain : NULL;
}

/*
 * The first domain to be attached gets the page table; later ones share
 * it (one M4U, one set of tables), so every domain sees every mapping.
 */
int mtk_iommu_domain_finalise(struct mtk_iommu_domain *dom,
			      struct mtk_iommu_data *data)
{
	if (data->iop)
		goto update_geometry;
	data->pgtable_cfg = (struct io_pgtable_cfg) {
		.quirks = IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS |
			  IO_PGTABLE_QUIRK_ARM_MTK_EXT,
		.pgsize_bitmap = mtk_iommu_ops.pgsize_bitmap,
		.ias = 32,
		.oas = data->enable_4GB ? 33 : 32,
		.iommu_dev = data->dev,
	};
	data->iop = alloc_io_pgtable_ops(ARM_V7S, &data->pgtable_cfg, data);
	if (!data->iop) {
		sim_trace(data->dev->sim, "mtk_iommu_error", "msg=\"failed to alloc io pgtable\"");
		return -EINVAL;
	}

update_geometry:
	data->pgtable_users++;
	dom->iop = data->iop;
	dom->cfg = data->pgtable_cfg;
	dom->data = data;
	dom->domain.pgsize_bitmap = dom->cfg.pgsize_bitmap;
	dom->domain.geometry.aperture_start = 0;
	dom->domain.geometry.aperture_end = DMA_BIT_MASK(32);
	dom->domain.geometry.force_aperture = true;
	return 0;
}

void mtk_iommu_config(struct mtk_iommu_data *data, struct device *dev,
		      bool enable)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	char ports[160] = "";
	size_t used = 0;

	for (unsigned int i = 0; i < fwspec->num_ids; i++) {
		unsigned int portid = MTK_M4U_TO_PORT(fwspec->ids[i]);
		struct mtk_iommu_larb *larb =
			&data->larb_imu[MTK_M4U_TO_LARB(fwspec->ids[i])];

		if (enable)
			larb->mmu |= BIT(portid);
		else
			larb->mmu &= ~BIT(portid);
		if (used < sizeof(ports))
			used += snprintf(ports + used, sizeof(ports) - used, "%s%u",
					 i ? "," : "", portid);
	}
	/* probe_device made sure every port sits behind one larb */
	sim_trace(dev->sim, "larb_config", "dev=%s larb=%u ports=%s mmu=%d",
		  dev_name(dev), MTK_M4U_TO_LARB(fwspec->ids[0]), ports, enable);
}

static void mtk_iommu_domain_free(struct iommu_domain *domain)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	struct mtk_iommu_data *data = dom->data;

	/*
	 * The kernel frees the table with the domain that made it; here the
	 * last domain sharing it does, so a domain outliving the default one
	 * (a VFIO domain after unbind) never walks freed tables.
	 */
	if (data && --data->pgtable_users == 0) {
		free_io_pgtable_ops(data->iop);
		data->iop = NULL;
	}
	if (data && data->m4u_dom == dom)
		data->m4u_dom = NULL;
	free(dom);
}

static int mtk_iommu_map(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	size_t mapped;

	if (!dom->iop)
		return -ENODEV;	/* never attached: no page table yet */
	/* In 4 GB mode the M4U reaches DRAM only through its upper alias. */
	if (dom->data->enable_4GB)
		paddr |= BIT_ULL(32);
	return dom->iop->map_pages(dom->iop, iova, paddr, size, 1, prot, gfp,
				   &mapped);
}

static size_t mtk_iommu_unmap(struct iommu_domain *domain, unsigned long iova,
			      size_t size, struct iommu_iotlb_gather *gather)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (!dom->iop)
		return 0;
	iommu_iotlb_gather_add_range(gather, iova, size);
	return dom->iop->unmap_pages(dom->iop, iova, size, 1, gather);
}

static void mtk_iommu_flush_iotlb_all(struct iommu_domain *domain)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (dom->data)
		mtk_iommu_tlb_flush_all(dom->data);
}

static void mtk_iommu_iotlb_sync(struct iommu_domain *domain,
				 struct iommu_iotlb_gather *gather)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (dom->data && gather->end >= gather->start && gather->start != ~0UL)
		mtk_iommu_tlb_flush_range_sync(gather->start,
					       gather->end - gather->start + 1,
					       dom->data);
}

static void mtk_iommu_sync_map(struct iommu_domain *domain, unsigned long iova,
			       size_t size)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (dom->data)
		mtk_iommu_tlb_flush_range_sync(iova, size, dom->data);
}

static phys_addr_t mtk_iommu_iova_to_phys(struct iommu_domain *domain,
					  dma_addr_t iova)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	phys_addr_t pa;

	if (!dom->iop)
		return 0;
	pa = dom->iop->iova_to_phys(dom->iop, iova);
	if (dom->data->enable_4GB && pa >= SZ_4G)
		pa &= ~BIT_ULL(32);
	return pa;
}

/* Simulator only: the M4U walker's view of this domain's table. */
static int mtk_iommu_sim_walk(struct iommu_domain *domain, u64 iova,
			      struct sim_pgtable_walk *walk)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (!dom->iop)
		return -ENODEV;
	if (iova > U32_MAX)
		return -ERANGE;
	m4u_pgtable_walk(dom->cfg.iommu_dev->sim->mem, dom->cfg.arm_v7s_cfg.ttbr, iova, walk);
	return 0;
}

const struct iommu_domain_ops mtk_iommu_domain_ops = {
	.attach_dev = mtk_iommu_attach_device,
	.detach_dev = mtk_iommu_detach_device,
	.map = mtk_iommu_map,
	.unmap = mtk_iommu_unmap,
	.flush_iotlb_all = mtk_iommu_flush_iotlb_all,
	.iotlb_sync = mtk_iommu_iotlb_sync,
	.iotlb_sync_map = mtk_iommu_sync_map,
	.iova_to_phys = mtk_iommu_iova_to_phys,
	.free = mtk_iommu_domain_free,
	.sim_walk = mtk_iommu_sim_walk,
};
