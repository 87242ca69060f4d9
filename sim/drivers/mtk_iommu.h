/*
 * The MediaTek M4U driver (drivers/iommu/mtk_iommu.c in Linux 6.1, its
 * mt8173 paths): the registers, the platform data, the driver's state and
 * the functions its files share.  Each callback a lab asks for is in a
 * file of its own; 6.1 has them all in one file, static.
 */
#ifndef MTK_IOMMU_H
#define MTK_IOMMU_H

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/io-pgtable.h>
#include <linux/iommu.h>
#include <linux/mod_devicetable.h>
#include <linux/ratelimit.h>
#include <soc/mediatek/smi.h>
#include <trace/events/iommu_lab.h>

#include <dt-bindings/memory/mtk-memory-port.h>

#include <lab_compat.h>

#define REG_MMU_PT_BASE_ADDR			0x000

#define REG_MMU_INVALIDATE			0x020
#define F_ALL_INVLD				0x2
#define F_MMU_INV_RANGE				0x1

#define REG_MMU_INVLD_START_A			0x024
#define REG_MMU_INVLD_END_A			0x028

#define REG_MMU_INV_SEL_GEN1			0x038
#define F_INVLD_EN0				BIT(0)
#define F_INVLD_EN1				BIT(1)

#define REG_MMU_MISC_CTRL			0x048
#define REG_MMU_DCM_DIS				0x050

#define REG_MMU_CTRL_REG			0x110
#define F_MMU_PREFETCH_RT_REPLACE_MOD		BIT(4)
#define F_MMU_TF_PROT_TO_PROGRAM_ADDR_MT8173	(2 << 5)

#define REG_MMU_IVRP_PADDR			0x114

#define REG_MMU_INT_CONTROL0			0x120
#define F_L2_MULIT_HIT_EN			BIT(0)
#define F_TABLE_WALK_FAULT_INT_EN		BIT(1)
#define F_PREETCH_FIFO_OVERFLOW_INT_EN		BIT(2)
#define F_MISS_FIFO_OVERFLOW_INT_EN		BIT(3)
#define F_PREFETCH_FIFO_ERR_INT_EN		BIT(5)
#define F_MISS_FIFO_ERR_INT_EN			BIT(6)
#define F_INT_CLR_BIT				BIT(12)

#define REG_MMU_INT_MAIN_CONTROL		0x124
#define F_INT_TRANSLATION_FAULT			(BIT(0) | BIT(7))
#define F_INT_MAIN_MULTI_HIT_FAULT		(BIT(1) | BIT(8))
#define F_INT_INVALID_PA_FAULT			(BIT(2) | BIT(9))
#define F_INT_ENTRY_REPLACEMENT_FAULT		(BIT(3) | BIT(10))
#define F_INT_TLB_MISS_FAULT			(BIT(4) | BIT(11))
#define F_INT_MISS_TRANSACTION_FIFO_FAULT	(BIT(5) | BIT(12))
#define F_INT_PRETETCH_TRANSATION_FIFO_FAULT	(BIT(6) | BIT(13))

#define REG_MMU_CPE_DONE			0x12c

#define REG_MMU_FAULT_ST1			0x134
#define F_REG_MMU0_FAULT_MASK			GENMASK(6, 0)

#define REG_MMU0_FAULT_VA			0x13c
#define F_MMU_FAULT_VA_MSK			0xfffff000u
#define F_MMU_FAULT_VA_WRITE_BIT		BIT(1)
#define F_MMU_FAULT_VA_LAYER_BIT		BIT(0)

#define REG_MMU0_INVLD_PA			0x140
#define REG_MMU1_FAULT_VA			0x144
#define REG_MMU1_INVLD_PA			0x148
#define REG_MMU0_INT_ID				0x150
#define REG_MMU1_INT_ID				0x154
#define F_MMU_INT_ID_LARB_ID(a)			(((a) >> 7) & 0x7)
#define F_MMU_INT_ID_PORT_ID(a)			(((a) >> 2) & 0x1f)

#define MTK_PROTECT_PA_ALIGN			256
#define MTK_IOMMU_BANK_SZ			0x1000

/* Platform flags, with 6.1's values; mt8173's only. */
#define HAS_4GB_MODE			BIT(0)
#define HAS_BCLK			BIT(1)
#define RESET_AXI			BIT(3)
#define HAS_LEGACY_IVRP_PADDR		BIT(8)
#define MTK_IOMMU_TYPE_MM		(0x0 << 13)
#define MTK_IOMMU_TYPE_MASK		(0x3 << 13)
#define TF_PORT_TO_ADDR_MT8173		BIT(18)

#define MTK_IOMMU_HAS_FLAG(pdata, _x)	(((pdata)->flags & (_x)) == (_x))
#define MTK_IOMMU_IS_TYPE(pdata, _x)	(((pdata)->flags & MTK_IOMMU_TYPE_MASK) == (_x))

#define MTK_IOMMU_BANK_MAX		5

enum mtk_iommu_plat {
	M4U_MT8173,
};

struct mtk_iommu_iova_region {
	dma_addr_t iova_base;
	unsigned long long size;
};

struct mtk_iommu_plat_data {
	enum mtk_iommu_plat m4u_plat;
	u32 flags;
	u32 inv_sel_reg;
	unsigned int iova_region_nr;
	const struct mtk_iommu_iova_region *iova_region;
	u8 banks_num;
	bool banks_enable[MTK_IOMMU_BANK_MAX];
};

struct mtk_iommu_data;
struct mtk_iommu_domain;

struct mtk_iommu_bank_data {
	void __iomem *base;
	int irq;
	u8 id;
	struct device *parent_dev;
	struct mtk_iommu_data *parent_data;
	struct mtk_iommu_domain *m4u_dom;	/* the one the bank translates with */
	/*
	 * The interrupt is requested when the bank gets its first domain.
	 * 6.1 never clears m4u_dom, so it requests it once; the simulator
	 * clears it when that domain is freed (6.1 would go on using the
	 * freed domain), and must not ask for the line a second time then.
	 * A bank set up again while it has its domain asks, as 6.1 would,
	 * and is refused.
	 */
	bool irq_requested;
	/*
	 * dev_err_ratelimited()'s state, which 6.1 keeps per call site for
	 * the whole kernel: kept here, so that a machine's ISR never counts
	 * another's faults, nor a new board its predecessor's.
	 */
	struct ratelimit_state fault_rs;
};

struct mtk_iommu_data {
	struct device *dev;
	phys_addr_t protect_base;	/* where faulting accesses land */
	struct iommu_group *m4u_group;	/* one group for every master */
	bool enable_4GB;		/* RAM above 4 GiB: PA bit 32 remap */
	enum lab_mtk_variant variant;	/* the attach_dev it behaves as */

	struct iommu_device iommu;
	const struct mtk_iommu_plat_data *plat_data;
	struct device *smicomm_dev;

	/* 6.1 takes these with devm_kmalloc(); mt8173 has one */
	struct mtk_iommu_bank_data bank[MTK_IOMMU_BANK_MAX];
	/*
	 * The page table every domain of this M4U shares, and how many
	 * finalised domains share it: 6.1 keeps the first domain's
	 * (share_dom) and never frees it; here the last domain to go frees
	 * it, so that a domain outliving the one that made it (a VFIO
	 * domain after an unbind) never walks freed tables.
	 */
	struct io_pgtable_cfg pgtable_cfg;
	struct io_pgtable_ops *pgtable_ops;
	unsigned int pgtable_users;

	struct mtk_smi_larb_iommu larb_imu[MTK_LARB_NR_MAX];
};

struct mtk_iommu_domain {
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *iop;

	struct mtk_iommu_bank_data *bank;
	struct iommu_domain domain;
};

static inline struct mtk_iommu_domain *to_mtk_domain(struct iommu_domain *dom)
{
	return container_of(dom, struct mtk_iommu_domain, domain);
}

extern const struct iommu_ops mtk_iommu_ops;
extern const struct iommu_domain_ops mtk_iommu_domain_ops;
/* The compatibles the driver binds, each with its platform data. */
extern const struct of_device_id mtk_iommu_of_ids[];

/*
 * mtk_iommu_of.c: what the driver reads from the device tree (kernel-lab's
 * module, on a kernel without one, has kernel-lab/lab_m4u_of.c instead).
 */
/* The platform data of the M4U @dev, by its compatible. */
const struct mtk_iommu_plat_data *mtk_iommu_match_data(struct device *dev);
/*
 * Finds the larbs and the smi-common of @data's M4U, holding a reference
 * to each until mtk_iommu_put_devices(), and links the smi-common to the
 * M4U.  Returns 0, -EPROBE_DEFER until every larb has its driver, or
 * -errno for a description the driver cannot use.
 */
int mtk_iommu_mm_dts_parse(struct device *dev, struct mtk_iommu_data *data);
void mtk_iommu_put_devices(struct mtk_iommu_data *data);

/* The SMI larb driver's side (mtk_smi.c): where a larb finds its bits. */
void mtk_smi_larb_bind(struct device *larbdev, unsigned int *mmu);
void mtk_smi_larb_unbind(struct device *larbdev);

/* mtk_iommu_domain.c */
struct iommu_domain *mtk_iommu_domain_alloc(unsigned int type);
int mtk_iommu_domain_finalise(struct mtk_iommu_domain *dom,
			      struct mtk_iommu_data *data, unsigned int region_id);
/* Turns the MMU bit of each of @dev's larb ports on or off. */
int mtk_iommu_config(struct mtk_iommu_data *data, struct device *dev,
		     bool enable, unsigned int regionid);
int mtk_iommu_sim_walk(struct iommu_domain *domain, u64 iova,
		       struct sim_pgtable_walk *walk);

/* mtk_iommu_attach_dev.c: 6.1's attach_dev and detach_dev */
int mtk_iommu_attach_device(struct iommu_domain *domain, struct device *dev);
void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev);

/*
 * mtk_iommu_attach_variants.c: the domains' attach_dev, 6.1's or the
 * historical one data->variant names.
 */
int mtk_iommu_attach_variant(struct iommu_domain *domain, struct device *dev);

/* mtk_iommu_hw.c: a bank's set-up */
int mtk_iommu_hw_init(struct mtk_iommu_data *data, unsigned int bankid);

/*
 * mtk_iommu_flush.c: the TLB invalidations, whole and by range, and the
 * domain callbacks behind the core's unmap, iommu_iotlb_sync(),
 * iommu_flush_iotlb_all() and a map's iotlb_sync_map
 */
void mtk_iommu_tlb_flush_all(struct mtk_iommu_data *data);
void mtk_iommu_tlb_flush_range_sync(unsigned long iova, size_t size,
				    struct mtk_iommu_bank_data *bank);
size_t mtk_iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		       size_t size, struct iommu_iotlb_gather *gather);
void mtk_iommu_flush_iotlb_all(struct iommu_domain *domain);
void mtk_iommu_iotlb_sync(struct iommu_domain *domain,
			  struct iommu_iotlb_gather *gather);
void mtk_iommu_sync_map(struct iommu_domain *domain, unsigned long iova,
			size_t size);

/* mtk_iommu_isr.c */
irqreturn_t mtk_iommu_isr(int irq, void *dev_id);

/* mtk_iommu_device_group.c */
struct iommu_group *mtk_iommu_device_group(struct device *dev);

/*
 * mtk_iommu_of_xlate.c: ops->of_xlate, one "iommus" cell of a master; the
 * first names its M4U.  kernel-lab's module, without a device tree, has
 * kernel-lab/lab_m4u_of.c's instead.
 */
int mtk_iommu_of_xlate(struct device *dev, struct of_phandle_args *args);

/* mtk_iommu_probe_device.c */
struct iommu_device *mtk_iommu_probe_device(struct device *dev);
void mtk_iommu_release_device(struct device *dev);

#endif
