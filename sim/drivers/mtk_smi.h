/*
 * State of the SMI drivers, shared with the M4U driver that uses the larbs.
 */
#ifndef SIM_DRIVERS_MTK_SMI_H
#define SIM_DRIVERS_MTK_SMI_H

#include <sim/device.h>
#include <sim/io.h>

struct mtk_smi_common {
	struct device *dev;
};

struct mtk_smi_larb {
	struct device *dev;
	struct device *smi_common_dev;
	void __iomem *base;
	u32 *mmu;		/* the M4U driver's bits for this larb, once bound */
};

#endif
