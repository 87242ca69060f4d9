/*
 * The built-in drivers in the order a Linux 6.1 kernel initialises them:
 * link order of drivers/Makefile (pci/, iommu/, gpu/, misc/, media/, then
 * memory/ last), so on mt8173 the SMI drivers come after the masters and
 * a normal boot already goes through probe deferral.
 */
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>

#include "builtin.h"

const struct sim_module *const sim_builtin_drivers[] = {
	&gen_pci_driver_module,		/* drivers/pci/controller */
	&mtk_iommu_driver_module,		/* drivers/iommu */
	&vtd_iommu_driver_module,
	&mtk_disp_ovl_driver_module,		/* drivers/gpu/drm/mediatek */
	&mtk_disp_rdma_driver_module,
	&mtk_disp_wdma_driver_module,
	&edu_driver_module,			/* drivers/misc */
	&lab_dma_master_driver_module,
	&mtk_mdp_driver_module,			/* drivers/media/platform/mediatek */
	&mtk_vcodec_dec_driver_module,
	&mtk_vcodec_enc_driver_module,
	&mtk_jpeg_driver_module,
	&mtk_cam_isp_driver_module,
	&mtk_smi_common_driver_module,		/* drivers/memory */
	&mtk_smi_larb_driver_module,
	&vfio_pci_driver_module,		/* drivers/vfio: modules on Debian, loaded last */
	&vfio_platform_driver_module,
};

const size_t sim_builtin_driver_count = ARRAY_SIZE(sim_builtin_drivers);

/* The IOMMU drivers among them: what v4.12's IOMMU_OF_DECLARE() listed. */
const struct sim_module *const sim_builtin_iommu_drivers[] = {
	&mtk_iommu_driver_module,
	&vtd_iommu_driver_module,
	NULL
};

/*
 * Those an era with ERA_IOMMU_DRIVERS_FIRST initialises before the rest:
 * the IOMMU drivers (of_iommu_init()) and the SMI drivers
 * (subsys_initcall in 2016's drivers/memory/mtk-smi.c).  v4.6's M4U
 * probe did not wait for its larbs (it bound them later, as components);
 * the simulator's, 6.1's, does, so the SMI drivers go first here, which
 * brings the M4U up before any master as v4.6's order did.
 */
const struct sim_module *const sim_builtin_early_drivers[] = {
	&mtk_smi_common_driver_module,
	&mtk_smi_larb_driver_module,
	&mtk_iommu_driver_module,
	&vtd_iommu_driver_module,
	NULL
};

const struct sim_module *sim_builtin_driver(const char *name)
{
	for (size_t i = 0; i < sim_builtin_driver_count; i++)
		if (!strcmp(sim_builtin_drivers[i]->driver->name, name))
			return sim_builtin_drivers[i];
	return NULL;
}
