/*
 * Invariant "mapping": every live IOVA mapping is backed by page-table
 * entries.  The live mappings are the DMA API's (each device's dma-debug
 * entries: sim/core/dma-debug.c) and VFIO's (each container's DMA ranges,
 * in every domain of the container).  Each is walked through its domain's
 * tables as the hardware would walk them, one block at a time, and where
 * the physical address is known the translation must reach it.
 */
#include <stdio.h>

#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>
#include <sim/vfio.h>

#include "check.h"

/*
 * Whether [@start, @start + @size) of @domain is mapped, to @pa onwards
 * unless that is DMA_DEBUG_PADDR_UNKNOWN.  False with the first hole or
 * wrong page in @why.
 */
static bool range_backed(struct iommu_domain *domain, u64 start, u64 size,
			 phys_addr_t pa, char *why, size_t len)
{
	u64 addr = start, last = start + size - 1;

	while (addr <= last) {
		struct sim_pgtable_walk walk;
		int ret = domain->ops->sim_walk ? domain->ops->sim_walk(domain, addr, &walk) :
						  -ENODEV;

		if (ret == -ENODEV) {
			snprintf(why, len, "it has no page table");
			return false;
		}
		if (ret || !walk.mapped) {
			snprintf(why, len, "iova 0x%llx is not mapped", (unsigned long long)addr);
			return false;
		}
		if (pa != DMA_DEBUG_PADDR_UNKNOWN) {
			phys_addr_t got = iommu_iova_to_phys(domain, addr);
			phys_addr_t want = pa + (addr - start);

			if (got != want) {
				snprintf(why, len, "iova 0x%llx leads to 0x%llx, not 0x%llx",
					 (unsigned long long)addr, (unsigned long long)got,
					 (unsigned long long)want);
				return false;
			}
		}
		/* On to the next block the tables decide, unless that wraps. */
		if ((addr | (walk.block_size - 1)) >= last)
			break;
		addr = (addr | (walk.block_size - 1)) + 1;
	}
	return true;
}

static const char *const dma_debug_call[] = {
	[dma_debug_single] = "dma_map_page",
	[dma_debug_sg] = "dma_map_sg",
	[dma_debug_coherent] = "dma_alloc_coherent",
};

/* Whether @e came from the same call as @prev (entries of one call are added together). */
static bool same_call(const struct dma_debug_entry *prev, const struct dma_debug_entry *e)
{
	return prev && prev->type == e->type && prev->handle == e->handle;
}

/* Each call's entries: the first one not backed is reported, for the call. */
static void check_dma_api(struct check_ctx *ctx, struct device *dev)
{
	/* A released group is the "freed" check's to report. */
	bool grouped = dev->iommu_group && check_group_live(ctx, dev->iommu_group);
	struct iommu_domain *domain = grouped ? iommu_get_dma_domain(dev) : NULL;
	const struct dma_debug_entry *e, *prev = NULL;
	char subject[96], why[160];
	bool reported = false;

	if (dev->iommu_group && !grouped)
		return;
	snprintf(subject, sizeof(subject), "dev=%s", dev_name(dev));
	list_for_each_entry(e, &dev->dma_debug, node) {
		if (!same_call(prev, e))
			reported = false;
		prev = e;
		if (!e->iommu || reported)
			continue;
		if (!domain || !dma_uses_iommu(dev)) {
			check_report(ctx, "mapping", subject,
				     "%s: the %s mapping at 0x%llx went through dma-iommu, but the device no longer has a DMA domain",
				     dev_name(dev), dma_debug_call[e->type],
				     (unsigned long long)e->handle);
			reported = true;
			continue;
		}
		/* A freed domain is the "translation" and "freed" checks' to report. */
		if (domain->freed || range_backed(domain, e->dev_addr, e->size, e->paddr,
						  why, sizeof(why)))
			continue;
		check_report(ctx, "mapping", subject,
			     "%s: the %s mapping at 0x%llx is not backed by %s's page tables: %s",
			     dev_name(dev), dma_debug_call[e->type],
			     (unsigned long long)e->handle, domain->name, why);
		reported = true;
	}
}

static void check_vfio(struct check_ctx *ctx, struct vfio_container *c)
{
	const struct vfio_domain *vd;
	const struct vfio_dma *dma;
	char subject[64], why[160];

	snprintf(subject, sizeof(subject), "container=%s", c->name);
	list_for_each_entry(vd, &c->domains, next) {
		if (vd->domain->freed)
			continue;
		list_for_each_entry(dma, &c->dmas, next) {
			if (range_backed(vd->domain, dma->iova, dma->size, dma->pa, why,
					 sizeof(why)))
				continue;
			check_report(ctx, "mapping", subject,
				     "VFIO mapping 0x%llx+0x%zx of container %s is not backed by %s's page tables: %s",
				     (unsigned long long)dma->iova, dma->size, c->name,
				     vd->domain->name, why);
		}
	}
}

void check_mappings(struct check_ctx *ctx)
{
	struct vfio_container *c;
	struct device *dev;

	list_for_each_entry(dev, &ctx->sim->devices, sim_node)
		check_dma_api(ctx, dev);
	list_for_each_entry(c, &ctx->sim->vfio_containers, sim_node)
		check_vfio(ctx, c);
}
