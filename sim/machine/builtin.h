/*
 * Every simulated driver, for the machine's driver list (builtin.c;
 * sim/board.h declares the list): each is the row its
 * module_platform_driver() (or module_pci_driver()) line makes in
 * sim/drivers/.
 */
#ifndef SIM_MACHINE_BUILTIN_H
#define SIM_MACHINE_BUILTIN_H

struct sim_module;

extern const struct sim_module edu_driver_module;
extern const struct sim_module lab_dma_master_driver_module;
extern const struct sim_module mtk_disp_ovl_driver_module;
extern const struct sim_module mtk_disp_rdma_driver_module;
extern const struct sim_module mtk_disp_wdma_driver_module;
extern const struct sim_module mtk_iommu_driver_module;
extern const struct sim_module mtk_jpeg_driver_module;
extern const struct sim_module mtk_cam_isp_driver_module;
extern const struct sim_module mtk_mdp_driver_module;
extern const struct sim_module mtk_smi_common_driver_module;
extern const struct sim_module mtk_smi_larb_driver_module;
extern const struct sim_module mtk_vcodec_dec_driver_module;
extern const struct sim_module mtk_vcodec_enc_driver_module;
extern const struct sim_module gen_pci_driver_module;
extern const struct sim_module vtd_iommu_driver_module;
extern const struct sim_module vfio_pci_driver_module;
extern const struct sim_module vfio_platform_driver_module;

#endif
