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
};

struct mtk_iommu_data {
	struct device *dev;
	const struct mtk_iommu_plat_data *plat_data;
	struct mtk_iommu_larb larb_imu[MTK_LARB_NR_MAX];
	struct device *smicomm_dev;
	struct iommu_device iommu;
};

extern const struct iommu_ops mtk_iommu_ops;

#endif
