/*
 * The MediaTek M4U driver's state (drivers/iommu/mtk_iommu.c), shared by
 * the files that make up the driver.
 */
#ifndef SIM_DRIVERS_MTK_IOMMU_H
#define SIM_DRIVERS_MTK_IOMMU_H

#include <sim/iommu.h>

#define MTK_LARB_NR_MAX		32
#define MTK_M4U_TO_LARB(id)	(((id) >> 5) & 0x1f)
#define MTK_M4U_TO_PORT(id)	((id) & 0x1f)

#define HAS_4GB_MODE		BIT(0)
#define HAS_BCLK		BIT(1)
#define RESET_AXI		BIT(2)

struct mtk_iommu_plat_data {
	const char *name;
	u32 flags;
	unsigned int larb_nr_ports[MTK_LARB_NR_MAX];	/* 0: no such larb */
};

struct mtk_iommu_larb {
	struct device *dev;
	u32 mmu;			/* ports that go through the M4U */
};

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

/* mtk_iommu_device_group.c */
struct iommu_group *mtk_iommu_device_group(struct device *dev);

#endif
