/*
 * The simulator's side of what its drivers do differently from Linux
 * 6.1's, one declaration per difference, each with the reason.  A driver
 * includes this and <linux/...> headers only; kernel-lab's compat header
 * (kernel-lab/compat/lab_compat.h) gives the same names their meaning on
 * the real kernel.  Implemented in sim/iommu/drivers-compat.c, in the
 * highest layer the drivers stand on, but for dev_err_fault(), which
 * sits beside dev_printk() in sim/core/dev_printk.c.
 */
#ifndef SIM_LAB_COMPAT_H
#define SIM_LAB_COMPAT_H

#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/types.h>

/*
 * The simulator names its domains (dom0, or the user's name); a driver's
 * trace events (<trace/events/iommu_lab.h>) carry the name.
 */
const char *lab_domain_name(const struct iommu_domain *domain);

/*
 * An IOMMU's fault report: dev_err() or pr_err() that the console's
 * `faults` lists too, with every IOMMU's reports.
 */
void dev_err_fault(const struct device *dev, const char *fmt, ...) __printf(2, 3);
void pr_err_fault(const char *fmt, ...) __printf(1, 2);
/*
 * The console's shape of the fault report about to be printed
 * (docs/console.md): what `faults` lists and the console shows, where
 * the kernel's own line, which `dmesg` keeps, says more.
 */
void lab_fault_console_text(struct device *dev, const char *fmt, ...) __printf(2, 3);

/*
 * The era the machine replays (`era`), as its row of the era table says:
 * whether mtk_iommu reports a fault's IOVA masked to its page, as the
 * v4.x driver did.
 */
bool lab_m4u_fault_va_masked(struct device *dev);
/*
 * Whether the VT-d driver of the era makes unmanaged domains only, as
 * intel_iommu_domain_alloc() did before its default-domain conversion.
 */
bool lab_vtd_unmanaged_only(struct device *dev);

/*
 * vfio-pci's and vfio-platform's probe and remove register the device
 * itself with VFIO, making its group's /dev/vfio/N exist: 6.1's
 * vfio_register_group_dev() takes the struct vfio_device that the real
 * drivers build around it (vfio-pci-core), which the simulator has not.
 */
int lab_vfio_register_group_dev(struct device *dev);
void lab_vfio_unregister_group_dev(struct device *dev);
/*
 * vfio-platform's reset requirement (6.1's vfio_platform_init_common()):
 * 0, or -ENOENT as the era and vfio_platform.reset_required say.
 */
int lab_vfio_platform_init_common(struct device *dev);

/*
 * `set mtk.variant`: which mtk_iommu attach_dev the machine's M4U driver
 * behaves as.  6.1's; mt2701's gen-1 "return 0 for a domain it did not
 * make" (the June 2022 VFIO thread); v6 of the 2015 mt8173 patch, which
 * freed such a domain (the December 2015 thread).
 */
enum lab_mtk_variant {
	LAB_MTK_REFERENCE,
	LAB_MTK_GEN1,
	LAB_MTK_FREE_DOMAIN,
};
enum lab_mtk_variant lab_mtk_variant(struct device *dev);

/* Why a domain cannot serve a device. */
enum lab_incompatible {
	LAB_INCOMPATIBLE_SNOOP,		/* enforces snooping the unit lacks */
	LAB_INCOMPATIBLE_WIDTH,		/* maps above the unit's address width */
};

/*
 * The errno a driver returns when a domain cannot serve @dev, for @why:
 * 6.1's -EOPNOTSUPP (snoop) and -EFAULT (width), or the era's (the
 * 2022 proposal's -EMEDIUMTYPE in v5.19, 6.3's -EINVAL in v6.2).
 */
int lab_incompatible_errno(struct device *dev, enum lab_incompatible why);

/*
 * The registered IOMMU instance of node @np: the VT-d-like driver's
 * units come from the device tree, where 6.1's come from the DMAR table
 * (device_to_iommu()).  NULL if none is registered.
 */
struct iommu_device *lab_iommu_device_from_fwnode(const struct device_node *np);

/*
 * Where 6.1 reads the IOMMU driver data of_xlate left for @dev whatever it
 * is (NULL after a failed of_xlate, or an instance since unbound and
 * freed), the simulator reports the oops or KASAN's use-after-free report
 * instead of making it: true (the callback then fails with -EFAULT) when
 * @iommu, the instance the data names, is NULL, has no IDs for @dev, or is
 * not the one registered for @dev's IOMMU node, or the data was left by an
 * earlier registration of it.  @site names the callback.
 */
bool lab_iommu_priv_stale(struct device *dev, struct iommu_device *iommu,
			  const char *site);

/*
 * Memory the hardware writes to, at a physical address: 6.1 takes it with
 * devm_kzalloc() and virt_to_phys(), but the simulated hardware reaches
 * only simulated RAM, which kmalloc() memory is not.  @size bytes,
 * aligned to @size (a power of two), given back with @dev's devres.
 * Returns 0 or -ENOMEM.
 */
int __lab_devm_alloc_phys(struct device *dev, size_t size, phys_addr_t *pa,
			  const char *caller);
#define lab_devm_alloc_phys(dev, size, pa) \
	__lab_devm_alloc_phys(dev, size, pa, __func__)

/*
 * The simulator names each IOMMU driver's ops ("mtk-iommu"), for the
 * trace and the console's listings of domains and IOMMUs.
 */
#define LAB_IOMMU_OPS_NAME(str)	.name = (str),

/*
 * Who gives a master dma-iommu's DMA ops: the simulator's bus code, when
 * the master's driver probes, as arm64's arch_setup_dma_ops() does; the
 * driver has no part in it.
 */
#define LAB_IOMMU_OPS_DMA_SETUP

/*
 * The console's `pgtable` shows the walk the IOMMU's hardware makes
 * through a domain's tables: a domain op of the simulator's only
 * (iommu_domain_ops.sim_walk), and the M4U model's walker it can use.
 */
#define LAB_DOMAIN_OPS_WALK(fn)	.sim_walk = (fn),
struct sim_pgtable_walk;
void lab_m4u_pgtable_walk(struct device *m4udev, u32 ttbr, u32 iova,
			  struct sim_pgtable_walk *walk);
/*
 * The VT-d model's walker: second-level tables at @root of @levels
 * levels, as a unit of address width @haw (with snoop control @snoop)
 * walks them, in the current machine's memory.
 */
void lab_vtd_pgtable_walk(phys_addr_t root, unsigned int levels, unsigned int haw,
			  bool snoop, u64 iova, struct sim_pgtable_walk *walk);

#endif
