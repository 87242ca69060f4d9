# kernel-lab's modules, iommu_lab.ko and iommu_lab_m4u.ko (the software
# M4U: the simulator's mtk_iommu driver), built by one Kbuild run in
# $(O)/kernel-lab when kernel headers are installed (kdir.mk finds them)
# and left out, silently, when they are not; `make kernel-lab` asks for
# them and says why it cannot.  Kbuild builds external modules where
# their sources are, so they are copied there first: kernel-lab's own,
# and the simulator's files the modules share.  The top level's own
# command-line variables (O=, CC=, V=) mean other things to Kbuild: they
# are not passed down.  The runner finds iommu_lab_m4u.ko beside
# iommu_lab.ko.

include kernel-lab/kdir.mk

KLAB_SRCS := kernel-lab/Kbuild $(sort $(wildcard kernel-lab/*.c kernel-lab/*.h))
KLAB_COMPAT := kernel-lab/compat/lab_compat.h
# the M4U driver, less its device-tree readers, mtk_iommu_of.c and
# of_xlate's file (lab_m4u_of.c stands in for both)
KLAB_SHARED := $(filter-out sim/drivers/mtk_iommu_of.c sim/drivers/mtk_iommu_of_xlate.c, \
		 $(sort $(wildcard sim/drivers/mtk_iommu*.c))) sim/drivers/mtk_iommu.h
# the M4U's page table, and the M4U and larb model core
KLAB_SHARED += sim/iommu/io-pgtable-arm-v7s.c
KLAB_SHARED += sim/hw/m4u_core.c sim/hw/m4u_tlb.c sim/hw/m4u_walk.c sim/hw/smi_larb_core.c
# simulator headers the modules share, copied to include/ beside them:
# the name grammar, the table of trace events, and what the page table
# does differently in each world
KLAB_SIM_HDRS := sim/include/sim/name.h sim/include/trace/events/iommu_lab.h \
		 sim/include/lab_v7s_mem.h sim/include/sim/m4u-core.h \
		 sim/include/sim/dma-xlate.h sim/include/sim/pgtable-walk.h
# the console's grammar, compiled in by lab_grammar.c, copied to include/grammar/
KLAB_GRAMMAR := grammar/compat.h grammar/grammar.c grammar/grammar.h
KLAB_MODULE := $(O)/kernel-lab/iommu_lab.ko
KLAB_M4U_MODULE := $(O)/kernel-lab/iommu_lab_m4u.ko
# The VFIO differential test's user program, run in the VM beside the
# modules (scripts/kernel-lab-vfio-run): static, since the initramfs has no
# C library; the host's compiler and flags of its own (a sanitizer's
# runtime cannot be linked statically).
KLAB_VFIO_PROGRAM := $(O)/kernel-lab/lab-vfio

ifneq ($(KDIR),)
all: $(KLAB_MODULE) $(KLAB_M4U_MODULE) $(KLAB_VFIO_PROGRAM)
kernel-lab: $(KLAB_MODULE) $(KLAB_M4U_MODULE) $(KLAB_VFIO_PROGRAM)
else
kernel-lab:
	@echo "error: no kernel headers; install linux-headers-amd64 or set KDIR" >&2; exit 1
endif

$(KLAB_MODULE) $(KLAB_M4U_MODULE): MAKEOVERRIDES :=
$(KLAB_MODULE) $(KLAB_M4U_MODULE) &: $(KLAB_SRCS) $(KLAB_COMPAT) $(KLAB_SHARED) \
		$(KLAB_SIM_HDRS) $(KLAB_GRAMMAR)
	$(quiet) KBUILD $@
	@mkdir -p $(@D)/compat $(@D)/include/sim $(@D)/include/trace/events $(@D)/include/grammar
	$(Q)cp -p $(KLAB_SRCS) $(KLAB_SHARED) $(@D)/
	$(Q)cp -p $(KLAB_COMPAT) $(@D)/compat/
	$(Q)for h in $(KLAB_SIM_HDRS); do cp -p $$h $(@D)/include/$${h#sim/include/} || exit 1; done
	$(Q)cp -p $(KLAB_GRAMMAR) $(@D)/include/grammar/
	$(Q)$(MAKE) -C $(KDIR) M=$(abspath $(@D)) $(if $(filter 1,$(V)),V=1,-s) modules \
		>$(@D)/kbuild.log 2>&1 || { cat $(@D)/kbuild.log >&2; exit 1; }
	@# Kbuild leaves a module alone when its own sources did not change.
	$(Q)touch $(KLAB_MODULE) $(KLAB_M4U_MODULE)

$(KLAB_VFIO_PROGRAM): tests/kernel-lab/vfio/lab-vfio.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -o $@ $<
