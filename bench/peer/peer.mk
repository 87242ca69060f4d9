# The peer benchmark (bench/peer/peer.c, docs/performance.md): Linux 6.1's
# own drivers/iommu/iova.c, lib/rbtree.c, drivers/iommu/io-pgtable.c and
# drivers/iommu/io-pgtable-arm-v7s.c, with the headers that define their
# structures, are extracted from Debian's linux-source-6.1 tarball into the
# build tree when first needed, never into the source tree.  They compile
# against the project's shim (bench/peer/include, searched before the 6.1
# headers), without warnings (-w: the kernel's code is not the project's),
# with the kernel's -fno-strict-aliasing.
#
# Both sides use the kernel's names (alloc_iova, alloc_io_pgtable_ops,
# kmalloc...), so they cannot share a link namespace.  The kernel's
# objects, the shim and the kernel-side copy of the workloads are linked
# into one relocatable object (ld -r), and objcopy --keep-global-symbols
# then makes every symbol in it local but the kernel side's entry points
# (PEER_KERNEL_SYMS).  What it still needs from outside (the C library,
# the harness's peer_log_push and peer_now, a sanitizer's runtime) stays
# undefined and is found at the final link; nothing of the kernel's can
# meet the simulator's symbols of the same name.

PEER_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
PEER_LINUX := $(O)/bench/peer/linux
PEER_LINUX_FILES := drivers/iommu/iova.c lib/rbtree.c \
	drivers/iommu/io-pgtable.c drivers/iommu/io-pgtable-arm-v7s.c \
	include/linux/iova.h include/linux/io-pgtable.h include/linux/rbtree.h \
	include/linux/rbtree_types.h include/linux/rbtree_augmented.h
PEER_KERNEL_SYMS := peer_kernel_run peer_shim_usage peer_shim_release

OBJCOPY ?= objcopy

BENCHES += $(O)/bench/peer/peer

PEER_CFLAGS = -Ibench/peer/include -isystem $(PEER_LINUX)/include
PEER_KERNEL_CFLAGS = -std=gnu11 -w -fno-strict-aliasing -MMD -MP \
	$(filter -fsanitize=% -fno-omit-frame-pointer -fno-sanitize-recover=%,$(BASE_CFLAGS)) \
	$(CFLAGS) $(PEER_CFLAGS) -I$(PEER_LINUX)

# One tar run for all the files, which stops once it has found them all
# (--occurrence); --touch dates them now, so they are newer than the tarball.
$(addprefix $(PEER_LINUX)/,$(PEER_LINUX_FILES)) &: $(PEER_TARBALL)
	$(quiet) TAR $(PEER_LINUX)
	@mkdir -p $(PEER_LINUX)
	$(Q)tar -xJf $(PEER_TARBALL) --occurrence=1 --touch --strip-components=1 -C $(PEER_LINUX) \
		$(addprefix linux-source-6.1/,$(PEER_LINUX_FILES))

$(PEER_TARBALL):
	@echo "error: no $@: install Debian's linux-source-6.1 (scripts/install-deps, which make check and make bench run)" >&2
	@exit 1

PEER_KERNEL_OBJS := $(O)/bench/peer/kernel-iova.o $(O)/bench/peer/kernel/rbtree.o \
	$(O)/bench/peer/kernel/io-pgtable.o $(O)/bench/peer/kernel/io-pgtable-arm-v7s.o

$(O)/bench/peer/kernel/%.o: $(PEER_LINUX)/lib/%.c
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(PEER_KERNEL_CFLAGS) -c -o $@ $<

$(O)/bench/peer/kernel/%.o: $(PEER_LINUX)/drivers/iommu/%.c
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(PEER_KERNEL_CFLAGS) -c -o $@ $<

$(O)/bench/peer/kernel-iova.o: bench/peer/kernel-iova.c $(PEER_LINUX)/drivers/iommu/iova.c
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(PEER_KERNEL_CFLAGS) -c -o $@ $<

# The shim and the workloads are the project's: its warnings apply.
$(O)/bench/peer/shim.o: ALL_CFLAGS += $(PEER_CFLAGS)
$(O)/bench/peer/workload-kernel.o: $(addprefix $(PEER_LINUX)/,$(PEER_LINUX_FILES))

$(O)/bench/peer/workload-kernel.o: bench/peer/workload.c | libs-ok
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(filter-out -Isim/include,$(ALL_CFLAGS)) $(PEER_CFLAGS) -DPEER_SIDE_KERNEL -c -o $@ $<

$(O)/bench/peer/workload-project.o: bench/peer/workload.c | libs-ok
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/bench/peer/kernel-side.o: $(PEER_KERNEL_OBJS) $(O)/bench/peer/shim.o \
		$(O)/bench/peer/workload-kernel.o
	$(quiet) LD $@
	$(Q)$(LD) -r -o $@.all $^
	$(Q)$(OBJCOPY) $(addprefix --keep-global-symbol=,$(PEER_KERNEL_SYMS)) $@.all $@
	$(Q)rm -f $@.all

$(O)/bench/peer/peer: $(O)/bench/peer/peer.o $(O)/bench/peer/workload-project.o \
		$(O)/bench/peer/kernel-side.o $(O)/bench/bench.o $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(SIM_LIBS)
