/*
 * Every simulated driver, for the catalogue in builtin.c.
 */
#ifndef SIM_DRIVERS_BUILTIN_H
#define SIM_DRIVERS_BUILTIN_H

#include <sim/device.h>

extern const struct device_driver edu_driver;
extern const struct device_driver lab_dma_master_driver;
extern const struct device_driver mtk_disp_ovl_driver;
extern const struct device_driver mtk_disp_rdma_driver;
extern const struct device_driver mtk_disp_wdma_driver;
extern const struct device_driver mtk_iommu_driver;
extern const struct device_driver mtk_jpeg_driver;
extern const struct device_driver mtk_cam_isp_driver;
extern const struct device_driver mtk_mdp_driver;
extern const struct device_driver mtk_smi_common_driver;
extern const struct device_driver mtk_smi_larb_driver;
extern const struct device_driver mtk_vcodec_dec_driver;
extern const struct device_driver mtk_vcodec_enc_driver;
extern const struct device_driver pci_host_driver;
extern const struct device_driver vtd_iommu_driver;

#endif
