/*
 * kernel-lab's side of what the simulator's drivers (sim/drivers/) do
 * differently from Linux 6.1's, the same names as the simulator's
 * sim/include/lab_compat.h, with their meaning on the real 6.1
 * kernel: mostly none, for there the kernel itself behaves as 6.1 does.
 * A driver file includes this and kernel headers only; a Kbuild that also
 * has sim/include on its path must find this directory first.
 */
#ifndef KERNEL_LAB_COMPAT_LAB_COMPAT_H
#define KERNEL_LAB_COMPAT_LAB_COMPAT_H

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/kconfig.h>
#include <linux/slab.h>
#include <soc/mediatek/smi.h>

/* A domain's name in the trace events: kernel-lab numbers the domains it sees. */
const char *lab_domain_name(const struct iommu_domain *domain);

/* The simulator's `faults` marks fault reports; here a report is dev_err(). */
#define dev_err_fault(dev, fmt, ...)	dev_err(dev, fmt, ##__VA_ARGS__)
#define pr_err_fault(fmt, ...)		pr_err(fmt, ##__VA_ARGS__)
/*
 * The console's shape of a fault report, which the simulator's console
 * shows: logged here as a line of its own, "console: ..." after the
 * device's prefix, for the module to print (lab_m4u_dma.c).
 */
#define lab_fault_console_text(dev, fmt, ...)				\
	dev_err(dev, "console: " fmt, ##__VA_ARGS__)

/* The simulator's era switch: the real 6.1 driver reports the whole FAULT_VA. */
static inline bool lab_m4u_fault_va_masked(struct device *dev)
{
	return false;
}

/* The simulator's `set mtk.variant`: the real M4U driver is 6.1's. */
enum lab_mtk_variant {
	LAB_MTK_REFERENCE,
	LAB_MTK_GEN1,
	LAB_MTK_FREE_DOMAIN,
};

static inline enum lab_mtk_variant lab_mtk_variant(struct device *dev)
{
	return LAB_MTK_REFERENCE;
}

enum lab_incompatible {
	LAB_INCOMPATIBLE_SNOOP,
	LAB_INCOMPATIBLE_WIDTH,
};

/* The kernel the module runs in is 6.1: prepare_domain_attach_device()'s errnos. */
static inline int lab_incompatible_errno(struct device *dev, enum lab_incompatible why)
{
	return why == LAB_INCOMPATIBLE_SNOOP ? -EOPNOTSUPP : -EFAULT;
}

/* The simulator's v4.x eras: the real 6.1 VT-d driver makes DMA default domains. */
static inline bool lab_vtd_unmanaged_only(struct device *dev)
{
	return false;
}

/*
 * The simulator's stand-ins for vfio-pci and vfio-platform: on the real
 * kernel its own vfio-pci binds (t0605 loads it), and kernel-lab never
 * registers the stand-ins, whose probe would refuse.
 */
static inline int lab_vfio_register_group_dev(struct device *dev)
{
	return -ENODEV;
}

static inline void lab_vfio_unregister_group_dev(struct device *dev)
{
}

static inline int lab_vfio_platform_init_common(struct device *dev)
{
	return -ENODEV;
}

/* VT-d units from the device tree: kernel-lab's VT-d model provides it. */
struct iommu_device *lab_iommu_device_from_fwnode(const struct device_node *np);

/* The simulator reports stale driver data; the real kernel reads it, as 6.1. */
static inline bool lab_iommu_priv_stale(struct device *dev,
					struct iommu_device *iommu,
					const char *site)
{
	return false;
}

/* Memory the hardware writes to: 6.1's devm_kzalloc() and virt_to_phys(). */
static inline int lab_devm_alloc_phys(struct device *dev, size_t size,
				      phys_addr_t *pa)
{
	void *p = devm_kzalloc(dev, size, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	*pa = virt_to_phys(p);
	return 0;
}

/* The simulator's ops carry a name and a page-table walk; 6.1's do not. */
#define LAB_IOMMU_OPS_NAME(str)
#define LAB_DOMAIN_OPS_WALK(fn)
/* The M4U model's walker, for that walk: kernel-lab's M4U model provides it. */
struct sim_pgtable_walk;
void lab_m4u_pgtable_walk(struct device *m4udev, u32 ttbr, u32 iova,
			  struct sim_pgtable_walk *walk);
void lab_vtd_pgtable_walk(phys_addr_t root, unsigned int levels, unsigned int haw,
			  bool snoop, u64 iova, struct sim_pgtable_walk *walk);

/*
 * Who gives a master dma-iommu's DMA ops: arm64 does, in
 * arch_setup_dma_ops(); x86 leaves it to the IOMMU driver's probe_finalize,
 * as intel-iommu's does.  kernel-lab's (lab_m4u_of.c) does what arm64 does.
 */
void lab_iommu_probe_finalize(struct device *dev);
#define LAB_IOMMU_OPS_DMA_SETUP	.probe_finalize = lab_iommu_probe_finalize,

/*
 * kernel-lab's scripts register drivers one at a time (`drv load`), as the
 * simulator's do, where a module's init would register them at insmod:
 * the driver is handed to the module (lab_m4u_module.c) instead.
 */
#include <linux/pci.h>
#include <linux/platform_device.h>
#undef module_platform_driver
#define module_platform_driver(__drv) \
	struct platform_driver *const lab_driver_##__drv = &(__drv)
#undef module_pci_driver
#define module_pci_driver(__drv) \
	struct pci_driver *const lab_driver_##__drv = &(__drv)

/*
 * The M4U and its larbs are the simulator's models here (lab_m4u_model.c):
 * their registers are the models', which no load or store reaches.  A
 * driver maps them and reads and writes them as on the hardware; these
 * send each access to the model whose window holds the address, and any
 * other to the real function.  x86's <asm/io.h> defines readl and writel
 * as themselves, hence the #undefs.
 */
#include <linux/io.h>
#include <linux/ioport.h>
u32 lab_hw_readl(const volatile void __iomem *addr);
void lab_hw_writel(u32 value, volatile void __iomem *addr);
void __iomem *lab_hw_devm_ioremap_resource(struct device *dev,
					   const struct resource *res);
void __iomem *lab_hw_devm_platform_ioremap_resource(struct platform_device *pdev,
						    unsigned int index);
#undef readl
#undef writel
#undef readl_relaxed
#undef writel_relaxed
#define readl(addr)			lab_hw_readl(addr)
#define writel(value, addr)		lab_hw_writel(value, addr)
#define readl_relaxed(addr)		lab_hw_readl(addr)
#define writel_relaxed(value, addr)	lab_hw_writel(value, addr)
#define devm_ioremap_resource(dev, res)	lab_hw_devm_ioremap_resource(dev, res)
#define devm_platform_ioremap_resource(pdev, index) \
	lab_hw_devm_platform_ioremap_resource(pdev, index)

/*
 * x86's 6.1 has no ARMv7 short-descriptor page table
 * (CONFIG_IOMMU_IO_PGTABLE_ARMV7S is off): the module brings the
 * simulator's, sim/iommu/io-pgtable-arm-v7s.c, through a front end of
 * its own (lab_v7s_mem.c).
 */
#include <linux/io-pgtable.h>
struct io_pgtable_ops *lab_alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
						struct io_pgtable_cfg *cfg,
						void *cookie);
void lab_free_io_pgtable_ops(struct io_pgtable_ops *ops);
#define alloc_io_pgtable_ops	lab_alloc_io_pgtable_ops
#define free_io_pgtable_ops	lab_free_io_pgtable_ops

/*
 * x86's 6.1 does not export max_pfn to modules; high_memory, which it
 * does, ends at max_pfn on x86-64 (setup_arch()).
 */
#include <linux/mm.h>
#define max_pfn	(PFN_DOWN(__pa(high_memory - 1)) + 1)

/* x86 has no MediaTek SMI: <soc/mediatek/smi.h> declares its part only with it. */
#if !IS_ENABLED(CONFIG_MTK_SMI)
#define MTK_SMI_MMU_EN(port)	BIT(port)

struct mtk_smi_larb_iommu {
	struct device *dev;
	unsigned int mmu;
	unsigned char bank[32];
};
#endif

/*
 * ---- The other drivers of sim/drivers/ (VT-d, edu, the PCI host, the
 * masters): what they need that the x86 6.1 headers lack. ----
 */

/*
 * x86 has no device-tree PCI host bridge: <linux/pci-ecam.h> declares
 * these only with CONFIG_PCI_HOST_COMMON.
 */
#if !IS_ENABLED(CONFIG_PCI_HOST_COMMON)
struct platform_device;
int pci_host_common_probe(struct platform_device *pdev);
int pci_host_common_remove(struct platform_device *pdev);
#endif

#endif
