/*
 * The built-in drivers in the order a Linux 6.1 kernel initialises them:
 * link order of drivers/Makefile (pci/, iommu/, gpu/, misc/, media/, then
 * memory/ last), so on mt8173 the SMI drivers come after the masters and
 * a normal boot already goes through probe deferral.
 */
#include <string.h>

#include <sim/board.h>

#include "../drivers/builtin.h"

const struct device_driver *const sim_builtin_drivers[] = {
	&pci_host_driver,		/* drivers/pci/controller */
	&mtk_iommu_driver,		/* drivers/iommu */
	&vtd_iommu_driver,
	&mtk_disp_ovl_driver,		/* drivers/gpu/drm/mediatek */
	&mtk_disp_rdma_driver,
	&mtk_disp_wdma_driver,
	&edu_driver,			/* drivers/misc */
	&lab_dma_master_driver,
	&mtk_mdp_driver,		/* drivers/media/platform/mediatek */
	&mtk_vcodec_dec_driver,
	&mtk_vcodec_enc_driver,
	&mtk_jpeg_driver,
	&mtk_cam_isp_driver,
	&mtk_smi_common_driver,		/* drivers/memory */
	&mtk_smi_larb_driver,
};

const size_t sim_builtin_driver_count = ARRAY_SIZE(sim_builtin_drivers);

/* The IOMMU drivers among them: what v4.12's IOMMU_OF_DECLARE() listed. */
const struct device_driver *const sim_builtin_iommu_drivers[] = {
	&mtk_iommu_driver,
	&vtd_iommu_driver,
	NULL
};

const struct device_driver *sim_builtin_driver(const char *name)
{
	for (size_t i = 0; i < sim_builtin_driver_count; i++)
		if (!strcmp(sim_builtin_drivers[i]->name, name))
			return sim_builtin_drivers[i];
	return NULL;
}
