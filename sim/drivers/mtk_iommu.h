/*
 * The MediaTek M4U driver's state (drivers/iommu/mtk_iommu.c), shared by
 * the files that make up the driver.
 */
#ifndef SIM_DRIVERS_MTK_IOMMU_H
#define SIM_DRIVERS_MTK_IOMMU_H

#include <sim/iommu.h>
#include <sim/io.h>
#include <sim/irq.h>
#include <sim/printk.h>

#define MTK_LARB_NR_MAX		32
#define MTK_M4U_TO_LARB(id)	(((id) >> 5) & 0x1f)
#define MTK_M4U_TO_PORT(id)	((id) & 0x1f)

#define HAS_4GB_MODE		BIT(0)
#define HAS_BCLK		BIT(1)
#define RESET_AXI		BIT(2)
#define HAS_LEGACY_IVRP_PADDR	BIT(3)
#define TF_PORT_TO_ADDR_MT8173	BIT(4)

/* Registers, as Linux 6.1's mtk_iommu.c names them (mt8173 offsets). */
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

struct mtk_iommu_plat_data {
	const char *name;
	u32 flags;
	unsigned int larb_nr_ports[MTK_LARB_NR_MAX];	/* 0: no such larb */
};

struct mtk_iommu_larb {
	struct device *dev;
	u32 mmu;			/* ports that go through the M4U */
};

/* The SMI larb driver's side (mtk_smi.c): where the larb finds its bits. */
void mtk_smi_larb_bind(struct device *larbdev, u32 *mmu);
void mtk_smi_larb_unbind(struct device *larbdev);

struct mtk_iommu_domain;

struct mtk_iommu_data {
	struct device *dev;
	const struct mtk_iommu_plat_data *plat_data;
	struct mtk_iommu_larb larb_imu[MTK_LARB_NR_MAX];
	struct device *smicomm_dev;
	struct iommu_device iommu;
	struct iommu_group *m4u_group;	/* one group for every master */
	struct io_pgtable_cfg pgtable_cfg;	/* the one page table */
	struct io_pgtable_ops *iop;
	unsigned int pgtable_users;	/* finalised domains sharing it */
	struct mtk_iommu_domain *m4u_dom;	/* the one the hardware uses */
	u32 pt_base;			/* REG_MMU_PT_BASE_ADDR as written */
	bool enable_4GB;		/* RAM above 4 GiB: PA bit 32 remap */
	int variant;			/* enum sim_mtk_variant */
	void __iomem *base;
	int irq;
	bool irq_requested;
	phys_addr_t protect_base;	/* where faulting accesses land */
	struct ratelimit_state fault_rs;	/* dev_err_ratelimited in the ISR */
};

struct mtk_iommu_domain {
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *iop;
	struct mtk_iommu_data *data;	/* set when finalised */
	struct iommu_domain domain;
};

static inline struct mtk_iommu_domain *to_mtk_domain(struct iommu_domain *dom)
{
	return container_of(dom, struct mtk_iommu_domain, domain);
}

extern const struct iommu_ops mtk_iommu_ops;
extern const struct iommu_domain_ops mtk_iommu_domain_ops;

/* mtk_iommu_domain.c */
struct iommu_domain *mtk_iommu_domain_alloc(unsigned int type);
int mtk_iommu_domain_finalise(struct mtk_iommu_domain *dom,
			      struct mtk_iommu_data *data);
/* Turns the MMU bit of each of @dev's larb ports on or off. */
void mtk_iommu_config(struct mtk_iommu_data *data, struct device *dev,
		      bool enable);

/* mtk_iommu_attach_dev.c */
int mtk_iommu_attach_device(struct iommu_domain *domain, struct device *dev);
void mtk_iommu_detach_device(struct iommu_domain *domain, struct device *dev);

/* mtk_iommu_hw.c: programming the M4U */
int mtk_iommu_hw_init(struct mtk_iommu_data *data);
void mtk_iommu_tlb_flush_all(struct mtk_iommu_data *data);
void mtk_iommu_tlb_flush_range_sync(unsigned long iova, size_t size,
				    struct mtk_iommu_data *data);

/* mtk_iommu_isr.c */
irqreturn_t mtk_iommu_isr(int irq, void *dev_id);

/* mtk_iommu_device_group.c */
struct iommu_group *mtk_iommu_device_group(struct device *dev);

#endif
