# The simulator library: no terminal I/O, all state in a struct sim.

SIM_OBJS += sim/base/clock.o
SIM_OBJS += sim/base/errno.o
SIM_OBJS += sim/base/sim.o
SIM_OBJS += sim/base/trace.o
SIM_OBJS += sim/core/board.o
SIM_OBJS += sim/core/dd.o
SIM_OBJS += sim/core/device.o
SIM_OBJS += sim/core/devlink.o
SIM_OBJS += sim/core/driver.o
SIM_OBJS += sim/core/pci.o
SIM_OBJS += sim/core/platform.o
SIM_OBJS += sim/drivers/builtin.o
SIM_OBJS += sim/drivers/edu.o
SIM_OBJS += sim/drivers/lab_dma_master.o
SIM_OBJS += sim/drivers/mtk_iommu.o
SIM_OBJS += sim/drivers/mtk_mm_clients.o
SIM_OBJS += sim/drivers/mtk_smi.o
SIM_OBJS += sim/drivers/pci_host.o
SIM_OBJS += sim/drivers/vtd_iommu.o
SIM_OBJS += sim/iommu/iommu.o
SIM_OBJS += sim/iommu/of_iommu.o
SIM_OBJS += sim/of/of.o

BOARDS += defer-iommu-fails
BOARDS += defer-iommu-present
BOARDS += defer-no-driver-mandatory
BOARDS += defer-no-driver-optional
BOARDS += defer-no-iommu
BOARDS += mt8173-evb
BOARDS += q35-vtd
