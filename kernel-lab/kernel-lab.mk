# kernel-lab's module, iommu_lab.ko, built by Kbuild in $(O)/kernel-lab
# when kernel headers are installed (kdir.mk finds them) and left out,
# silently, when they are not.  Kbuild builds an external module where its
# sources are, so they are copied there first.  The top level's own
# command-line variables (O=, CC=, V=) mean other things to Kbuild: they
# are not passed down.

include kernel-lab/kdir.mk

KLAB_SRCS := kernel-lab/Kbuild $(sort $(wildcard kernel-lab/*.c kernel-lab/*.h))
KLAB_MODULE := $(O)/kernel-lab/iommu_lab.ko

ifneq ($(KDIR),)
all: $(KLAB_MODULE)
endif

$(KLAB_MODULE): MAKEOVERRIDES :=
$(KLAB_MODULE): $(KLAB_SRCS)
	$(quiet) KBUILD $@
	@mkdir -p $(@D)
	$(Q)cp -p $(KLAB_SRCS) $(@D)/
	$(Q)$(MAKE) -C $(KDIR) M=$(abspath $(@D)) $(if $(filter 1,$(V)),V=1,-s) modules \
		>$(@D)/kbuild.log 2>&1 || { cat $(@D)/kbuild.log >&2; exit 1; }
