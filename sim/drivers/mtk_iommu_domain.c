/*
 * The M4U's domains (drivers/iommu/mtk_iommu.c): DMA and unmanaged only,
 * one ARMv7 short-descriptor page table made at the first attach and
 * shared by every later domain, and 4 GB mode's PA bit 32.  Unmapping
 * and the TLB invalidations are in mtk_iommu_flush.c.
 *
 * 6.1 oopses on a map, unmap or sync of a domain never attached (it has
 * no bank yet); the console can ask for those, so they find no table
 * and do nothing.
 */
#include <linux/io-pgtable.h>
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "mtk_iommu.h"

/* In 4 GB mode, the M4U's output above this is DRAM's alias (bit 32 set). */
#define MTK_IOMMU_4GB_MODE_REMAP_BASE	0x140000000ULL

struct iommu_domain *mtk_iommu_domain_alloc(unsigned int type)
{
	struct mtk_iommu_domain *dom;

	if (type != IOMMU_DOMAIN_DMA && type != IOMMU_DOMAIN_UNMANAGED)
		return NULL;

	dom = kzalloc(sizeof(*dom), GFP_KERNEL);
	if (!dom)
		return NULL;

	return &dom->domain;
}

/*
 * The first domain to be attached gets the page table; later ones share
 * it (one M4U, one set of tables), so every domain sees every mapping.
 */
int mtk_iommu_domain_finalise(struct mtk_iommu_domain *dom,
			      struct mtk_iommu_data *data, unsigned int region_id)
{
	const struct mtk_iommu_iova_region *region;

	if (data->pgtable_ops)
		goto share_pgtable;

	data->pgtable_cfg = (struct io_pgtable_cfg) {
		.quirks = IO_PGTABLE_QUIRK_ARM_NS |
			IO_PGTABLE_QUIRK_NO_PERMS |
			IO_PGTABLE_QUIRK_ARM_MTK_EXT,
		.pgsize_bitmap = mtk_iommu_ops.pgsize_bitmap,
		.ias = 32,
		.iommu_dev = data->dev,
	};

	if (MTK_IOMMU_HAS_FLAG(data->plat_data, HAS_4GB_MODE))
		data->pgtable_cfg.oas = data->enable_4GB ? 33 : 32;
	else
		data->pgtable_cfg.oas = 35;

	data->pgtable_ops = alloc_io_pgtable_ops(ARM_V7S, &data->pgtable_cfg, data);
	if (!data->pgtable_ops) {
		trace_mtk_iommu_pgtable_fail(data->dev);
		return -EINVAL;
	}

share_pgtable:
	data->pgtable_users++;
	dom->iop = data->pgtable_ops;
	dom->cfg = data->pgtable_cfg;
	/* Update our support page sizes bitmap */
	dom->domain.pgsize_bitmap = dom->cfg.pgsize_bitmap;

	/* Update the iova region for this domain */
	region = data->plat_data->iova_region + region_id;
	dom->domain.geometry.aperture_start = region->iova_base;
	dom->domain.geometry.aperture_end = region->iova_base + region->size - 1;
	dom->domain.geometry.force_aperture = true;
	return 0;
}

int mtk_iommu_config(struct mtk_iommu_data *data, struct device *dev,
		     bool enable, unsigned int regionid)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	const struct mtk_iommu_iova_region *region;
	struct mtk_smi_larb_iommu *larb_mmu;
	unsigned int larbid, portid;
	char ports[160] = "";
	size_t used = 0;
	unsigned int i;

	for (i = 0; i < fwspec->num_ids; ++i) {
		larbid = MTK_M4U_TO_LARB(fwspec->ids[i]);
		portid = MTK_M4U_TO_PORT(fwspec->ids[i]);

		larb_mmu = &data->larb_imu[larbid];

		region = data->plat_data->iova_region + regionid;
		larb_mmu->bank[portid] = upper_32_bits(region->iova_base);

		if (enable)
			larb_mmu->mmu |= MTK_SMI_MMU_EN(portid);
		else
			larb_mmu->mmu &= ~MTK_SMI_MMU_EN(portid);

		if (used < sizeof(ports))
			used += snprintf(ports + used, sizeof(ports) - used, "%s%u",
					 i ? "," : "", portid);
	}
	/* probe_device made sure every port sits behind one larb */
	trace_mtk_iommu_larb_config(dev, MTK_M4U_TO_LARB(fwspec->ids[0]), ports, enable);
	return 0;
}

/*
 * 6.1 frees only the domain: the page table stays with the first domain
 * (and is never freed), and the bank goes on pointing at a freed domain.
 * Here the last domain sharing the table frees it, and the bank forgets
 * a domain that goes.
 */
static void mtk_iommu_domain_free(struct iommu_domain *domain)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	struct mtk_iommu_bank_data *bank = dom->bank;

	if (bank) {
		struct mtk_iommu_data *data = bank->parent_data;

		if (--data->pgtable_users == 0) {
			free_io_pgtable_ops(data->pgtable_ops);
			data->pgtable_ops = NULL;
		}
		if (bank->m4u_dom == dom)
			bank->m4u_dom = NULL;
	}
	kfree(dom);
}

static int mtk_iommu_map(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (!dom->iop)
		return -ENODEV;
	/* The "4GB mode" M4U physically can not use the lower remap of Dram. */
	if (dom->bank->parent_data->enable_4GB)
		paddr |= BIT_ULL(32);

	return dom->iop->map(dom->iop, iova, paddr, size, prot, gfp);
}

static phys_addr_t mtk_iommu_iova_to_phys(struct iommu_domain *domain,
					  dma_addr_t iova)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);
	phys_addr_t pa;

	if (!dom->iop)
		return 0;
	pa = dom->iop->iova_to_phys(dom->iop, iova);
	if (dom->bank->parent_data->enable_4GB &&
	    pa >= MTK_IOMMU_4GB_MODE_REMAP_BASE)
		pa &= ~BIT_ULL(32);

	return pa;
}

/* The walk the M4U makes through this domain's table, for `pgtable`. */
int mtk_iommu_sim_walk(struct iommu_domain *domain, u64 iova,
		       struct sim_pgtable_walk *walk)
{
	struct mtk_iommu_domain *dom = to_mtk_domain(domain);

	if (!dom->iop)
		return -ENODEV;
	if (iova > U32_MAX)
		return -ERANGE;
	lab_m4u_pgtable_walk(dom->cfg.iommu_dev, dom->cfg.arm_v7s_cfg.ttbr, iova, walk);
	return 0;
}

const struct iommu_domain_ops mtk_iommu_domain_ops = {
	.attach_dev	= mtk_iommu_attach_variant,
	.detach_dev	= mtk_iommu_detach_device,
	.map		= mtk_iommu_map,
	.unmap		= mtk_iommu_unmap,
	.flush_iotlb_all = mtk_iommu_flush_iotlb_all,
	.iotlb_sync	= mtk_iommu_iotlb_sync,
	.iotlb_sync_map	= mtk_iommu_sync_map,
	.iova_to_phys	= mtk_iommu_iova_to_phys,
	.free		= mtk_iommu_domain_free,
	LAB_DOMAIN_OPS_WALK(mtk_iommu_sim_walk)
};
