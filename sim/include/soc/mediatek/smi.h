/*
 * What the M4U driver shares with the SMI larbs (include/soc/mediatek/smi.h):
 * per larb, which of its ports go through the M4U.
 */
#ifndef _SOC_MEDIATEK_SMI_H
#define _SOC_MEDIATEK_SMI_H

#include <linux/bitops.h>
#include <linux/device.h>

#define MTK_SMI_MMU_EN(port)	BIT(port)

struct mtk_smi_larb_iommu {
	struct device *dev;
	unsigned int mmu;		/* MTK_SMI_MMU_EN() of each port */
	unsigned char bank[32];
};

#endif
