/*
 * The simulator's side of <lab_compat.h>: what the drivers ask of the
 * machine where Linux 6.1's drivers would do something else.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <sim/current.h>
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/gfp.h>
#include <sim/iommu.h>
#include <sim/m4u.h>
#include <sim/mem.h>
#include <sim/printk.h>
#include <sim/sim.h>
#include <sim/vfio.h>
#include <sim/vtd-hw.h>

#include <lab_compat.h>

_Static_assert((int)LAB_MTK_REFERENCE == (int)MTK_VARIANT_REFERENCE &&
	       (int)LAB_MTK_GEN1 == (int)MTK_VARIANT_GEN1 &&
	       (int)LAB_MTK_FREE_DOMAIN == (int)MTK_VARIANT_FREE_DOMAIN,
	       "the drivers' variants are the boot parameter's");

const char *lab_domain_name(const struct iommu_domain *domain)
{
	return domain->name;
}

int lab_incompatible_errno(struct device *dev, enum lab_incompatible why)
{
	return iommu_incompatible_errno(dev->sim, why == LAB_INCOMPATIBLE_SNOOP ?
					IOMMU_INCOMPATIBLE_SNOOP :
					IOMMU_INCOMPATIBLE_WIDTH);
}

struct iommu_device *lab_iommu_device_from_fwnode(const struct device_node *np)
{
	struct sim *sim = sim_current();

	return sim ? iommu_device_from_fwnode(sim, np) : NULL;
}

void pr_err_fault(const char *fmt, ...)
{
	struct sim *sim = sim_current();
	va_list ap;
	char *msg;

	if (!sim)
		return;
	va_start(ap, fmt);
	msg = sim_vasprintf(fmt, ap);
	va_end(ap);
	if (msg)
		sim_printk_fault(sim, "%s", msg);
	free(msg);
}

void lab_fault_console_text(struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sim_klog_next_fault_text(dev->sim, fmt, ap);
	va_end(ap);
}

bool lab_m4u_fault_va_masked(struct device *dev)
{
	return sim_era_has(dev->sim, ERA_M4U_FAULT_VA_PAGE);
}

bool lab_vtd_unmanaged_only(struct device *dev)
{
	return sim_era_has(dev->sim, ERA_VTD_UNMANAGED_ONLY);
}

int lab_vfio_register_group_dev(struct device *dev)
{
	return vfio_register_group_dev(dev);
}

void lab_vfio_unregister_group_dev(struct device *dev)
{
	vfio_unregister_group_dev(dev);
}

int lab_vfio_platform_init_common(struct device *dev)
{
	return vfio_platform_init_common(dev);
}

enum lab_mtk_variant lab_mtk_variant(struct device *dev)
{
	return dev->sim->params.mtk_variant;
}

bool lab_iommu_priv_stale(struct device *dev, struct iommu_device *iommu,
			  const char *site)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct sim *sim = dev->sim;

	if (!iommu || !fwspec || !fwspec->num_ids) {
		sim_printk(sim, "Unable to handle kernel NULL pointer dereference in %s (%s)",
			   site, dev_name(dev));
		trace_bug_null_deref(dev, site);
		return true;
	}
	if (iommu_device_from_fwnode(sim, to_of_node(fwspec->iommu_fwnode)) != iommu ||
	    dev->iommu->xlate_seq != iommu->seq) {
		sim_printk(sim, "BUG: KASAN: use-after-free in %s (%s)", site,
			   dev_name(dev));
		trace_bug_use_after_free(dev, site);
		return true;
	}
	return false;
}

/* What lab_devm_alloc_phys() took, for devres to give back. */
struct phys_block {
	struct sim_mem *mem;
	phys_addr_t pa;
	size_t size;
};

static void phys_block_release(void *data)
{
	struct phys_block *b = data;

	sim_mem_release(b->mem, b->pa, b->size);
	free(b);
}

int __lab_devm_alloc_phys(struct device *dev, size_t size, phys_addr_t *pa,
			  const char *caller)
{
	struct phys_block *b = malloc(sizeof(*b));
	int ret;

	if (!b)
		return -ENOMEM;
	ret = __alloc_pages_pa(dev->sim, dev->sim->mem, size, size, pa, caller);
	if (ret) {
		free(b);
		return ret;
	}
	*b = (struct phys_block) { .mem = dev->sim->mem, .pa = *pa, .size = size };
	return devm_add_action_or_reset(dev, phys_block_release, b);
}

void lab_m4u_pgtable_walk(struct device *m4udev, u32 ttbr, u32 iova,
			  struct sim_pgtable_walk *walk)
{
	m4u_pgtable_walk(m4udev->sim->mem, ttbr, iova, walk);
}

void lab_vtd_pgtable_walk(phys_addr_t root, unsigned int levels, unsigned int haw,
			  bool snoop, u64 iova, struct sim_pgtable_walk *walk)
{
	struct sim *sim = sim_current();

	if (sim)
		vtd_sl_walk(sim->mem, root, levels, haw, snoop, iova, walk);
}
