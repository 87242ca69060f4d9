/*
 * The SMI drivers' state (drivers/memory/mtk-smi.c), shared with the M4U
 * driver that binds the larbs.
 */
#ifndef MTK_SMI_H
#define MTK_SMI_H

#include <linux/device.h>
#include <linux/io.h>

enum mtk_smi_type {
	MTK_SMI_GEN1,
};

struct mtk_smi_common_plat {
	enum mtk_smi_type type;
};

struct mtk_smi_larb_gen {
	/* writes the M4U's port bits into the larb, on every resume */
	void (*config_port)(struct device *dev);
};

struct mtk_smi {
	struct device *dev;
	const struct mtk_smi_common_plat *plat;
};

struct mtk_smi_larb {
	struct mtk_smi smi;
	void __iomem *base;
	struct device *smi_common_dev;	/* held until remove */
	const struct mtk_smi_larb_gen *larb_gen;
	unsigned int *mmu;		/* the M4U's bits for this larb, once bound */
};

#endif
