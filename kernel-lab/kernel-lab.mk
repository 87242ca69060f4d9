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

# A handout (docs/labs.md) names in its HANDOUT file the kernel whose
# headers made its kernel objects, the other labs' files, or `none`:
# made without headers, it cannot build kernel-lab, as if it had none.
KLAB_HANDOUT_KERNEL := $(if $(HANDOUT),$(shell sed -n 's/^kernel //p' HANDOUT))
ifeq ($(KLAB_HANDOUT_KERNEL),none)
override KDIR :=
endif

KLAB_SRCS := kernel-lab/Kbuild $(sort $(wildcard kernel-lab/*.c kernel-lab/*.h))
KLAB_COMPAT := kernel-lab/compat/lab_compat.h
# the M4U driver, less its device-tree readers, mtk_iommu_of.c and
# of_xlate's file (lab_m4u_of.c stands in for both)
KLAB_SHARED := $(filter-out sim/drivers/mtk_iommu_of.c sim/drivers/mtk_iommu_of_xlate.c, \
		 $(sort $(wildcard sim/drivers/mtk_iommu*.c) \
		 $(patsubst %.kernel.o_shipped,%.c,$(wildcard sim/drivers/mtk_iommu*.kernel.o_shipped)))) \
		 sim/drivers/mtk_iommu.h
# the M4U's page table, and the M4U and larb model core
KLAB_SHARED += sim/iommu/io-pgtable-arm-v7s.c
KLAB_SHARED += sim/hw/m4u_core.c sim/hw/m4u_tlb.c sim/hw/m4u_walk.c sim/hw/smi_larb_core.c
# A handout has the other labs' files as objects only (docs/labs.md):
# FILE.kernel.o_shipped, made by Kbuild against the same headers, in place
# of FILE.c, copied for Kbuild's own rule as FILE.o_shipped.
KLAB_SHIPPED := $(wildcard $(patsubst %.c,%.kernel.o_shipped,$(filter %.c,$(KLAB_SHARED))))
KLAB_SHARED := $(filter-out $(KLAB_SHIPPED:.kernel.o_shipped=.c),$(KLAB_SHARED))
# klab_shipped_cmd DIR,NAME: 6.1's modpost reads each object's .cmd file
# for the versions (#SYMVER) of the symbols it exports; Kbuild writes none
# for a shipped object, which exports nothing here (scripts/lab-handout).
klab_shipped_cmd = echo '\# $(2).o is $(2).o_shipped; it exports no symbol' >$(1)/.$(2).o.cmd
# Kbuild links objects made for another kernel without a word: a recipe
# line that stops unless KDIR's are the headers the objects were made with.
klab_same_kernel = release=$$(sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h); [ "$$release" = "$(KLAB_HANDOUT_KERNEL)" ] || \
	{ echo "error: this handout's kernel objects are for Linux $(KLAB_HANDOUT_KERNEL), KDIR=$(KDIR) is $$release" >&2; exit 1; }
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
ifeq ($(KLAB_HANDOUT_KERNEL),none)
	@echo "error: this handout was made without kernel headers, so without the other labs' kernel objects" >&2; exit 1
else
	@echo "error: no kernel headers; install linux-headers-amd64 or set KDIR" >&2; exit 1
endif
endif

$(KLAB_MODULE) $(KLAB_M4U_MODULE): MAKEOVERRIDES :=
$(KLAB_MODULE) $(KLAB_M4U_MODULE) &: $(KLAB_SRCS) $(KLAB_COMPAT) $(KLAB_SHARED) \
		$(KLAB_SHIPPED) $(KLAB_SIM_HDRS) $(KLAB_GRAMMAR)
	$(quiet) KBUILD $@
	$(Q)$(if $(KLAB_SHIPPED),$(klab_same_kernel))
	@mkdir -p $(@D)/compat $(@D)/include/sim $(@D)/include/trace/events $(@D)/include/grammar
	$(Q)cp -p $(KLAB_SRCS) $(KLAB_SHARED) $(@D)/
	$(Q)for o in $(KLAB_SHIPPED); do n=$$(basename $$o .kernel.o_shipped); \
		cp -p $$o $(@D)/$$n.o_shipped && $(call klab_shipped_cmd,$(@D),$$n) || exit 1; done
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
