#!/bin/sh
# One driver source in both worlds.  The simulator's drivers see the
# kernel's API only (sim/include/linux/) and one compat header,
# <lab_compat.h>; the M4U driver (sim/drivers/mtk_iommu*.c and
# mtk_iommu.h, less mtk_iommu_of.c and mtk_iommu_of_xlate.c) is what
# kernel-lab builds into its iommu_lab_m4u.ko.
#
# - No file under sim/drivers/ names struct sim or includes a <sim/...>
#   header (the simulator's internals), and none looks at a device's
#   machine.
# - Each driver source there, copied unchanged with the driver headers,
#   compiles with Kbuild and -Werror against the installed Debian 6.1
#   kernel headers (make test passes their directory as KERNEL_LAB_KDIR),
#   the trace table <trace/events/iommu_lab.h> and kernel-lab's compat
#   header, kernel-lab/compat/lab_compat.h, into an object that defines
#   what its driver's header (mtk_iommu.h, vtd.h) says the file provides;
#   a file that is a driver of its own (module_platform_driver(),
#   module_pci_driver()) defines the module_init() those make, or, when
#   it includes kernel-lab's compat header, the lab_driver_NAME through
#   which that header hands the driver to the module, whose scripts
#   register drivers one at a time (`drv load`).  A source the table below
#   does not name fails.  Skipped without headers, which make check
#   installs.
# - In a lab's handout (docs/labs.md), where the other labs' files are
#   objects only, each FILE.kernel.o_shipped there defines what FILE.c
#   would: the object kernel-lab's module links in place of the source.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-kbuild.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
KDIR=${KERNEL_LAB_KDIR:-}
# a driver of its own: module_init() of 6.1's module_*_driver(), or, with
# kernel-lab's compat header, the driver handed to kernel-lab
DRIVER="(init_module|lab_driver_[a-z0-9_]+)"

# What each source defines for the others, from its driver's header.
provides() {
	case $1 in
	mtk_iommu.c)			echo mtk_iommu_ops mtk_iommu_of_ids $DRIVER ;;
	mtk_iommu_attach_dev.c)		echo mtk_iommu_attach_device mtk_iommu_detach_device ;;
	mtk_iommu_attach_variants.c)	echo mtk_iommu_attach_variant ;;
	mtk_iommu_device_group.c)	echo mtk_iommu_device_group ;;
	mtk_iommu_domain.c)		echo mtk_iommu_domain_alloc mtk_iommu_domain_finalise \
					     mtk_iommu_config mtk_iommu_sim_walk mtk_iommu_domain_ops ;;
	mtk_iommu_flush.c)		echo mtk_iommu_tlb_flush_all mtk_iommu_tlb_flush_range_sync \
					     mtk_iommu_unmap mtk_iommu_flush_iotlb_all \
					     mtk_iommu_iotlb_sync mtk_iommu_sync_map ;;
	mtk_iommu_hw.c)			echo mtk_iommu_hw_init ;;
	mtk_iommu_isr.c)		echo mtk_iommu_isr ;;
	mtk_iommu_of.c)			echo mtk_iommu_match_data mtk_iommu_mm_dts_parse \
					     mtk_iommu_put_devices ;;
	mtk_iommu_of_xlate.c)		echo mtk_iommu_of_xlate ;;
	mtk_iommu_probe_device.c)	echo mtk_iommu_probe_device mtk_iommu_release_device ;;
	mtk_smi.c)			echo mtk_smi_larb_bind mtk_smi_larb_unbind $DRIVER ;;
	vtd_iommu.c)			echo vtd_is_vtd_ops $DRIVER ;;
	vtd_attach_dev.c)		echo vtd_attach_dev ;;
	vtd_context.c)			echo vtd_domain_add_dev vtd_block_translation ;;
	vtd_detach_dev.c)		echo vtd_detach_dev ;;
	vtd_device_group.c)		echo vtd_device_group ;;
	vtd_domain_alloc.c)		echo vtd_domain_alloc vtd_domain_alloc_no_default \
					     vtd_domain_free vtd_domain_is_si ;;
	vtd_enforce_cache_coherency.c)	echo vtd_enforce_cache_coherency ;;
	vtd_fault.c)			echo vtd_fault_irq_init ;;
	vtd_flush.c)			echo vtd_flush_context vtd_flush_iotlb ;;
	vtd_is_attach_deferred.c)	echo vtd_is_attach_deferred ;;
	vtd_kdump.c)			echo vtd_copy_translation_tables ;;
	vtd_map.c)			echo vtd_map_pages vtd_unmap_pages vtd_iova_to_phys \
					     vtd_iotlb_sync vtd_flush_iotlb_all ;;
	vtd_pgtable.c)			echo vtd_pgtable_init vtd_pgtable_alloc_root \
					     vtd_pgtable_map vtd_pgtable_unmap vtd_pgtable_lookup \
					     vtd_pgtable_iova_to_phys vtd_pgtable_drop_level \
					     vtd_pgtable_free ;;
	vtd_prepare_attach.c)		echo vtd_prepare_attach ;;
	vtd_probe_device.c)		echo vtd_probe_device vtd_release_device ;;
	vtd_probe_finalize.c)		echo vtd_probe_finalize ;;
	vtd_resv_regions.c)		echo vtd_get_resv_regions ;;
	vtd_root.c)			echo vtd_root_alloc vtd_root_free vtd_context_addr \
					     vtd_context_map vtd_context_clear vtd_set_root_entry \
					     vtd_enable_translation vtd_disable_translation ;;
	vtd_sim_walk.c)			echo vtd_sim_walk ;;
	edu.c | lab_dma_master.c | pci_host.c | mtk_cam_isp.c | mtk_disp_ovl.c | \
	mtk_disp_rdma.c | mtk_disp_wdma.c | mtk_jpeg.c | mtk_mdp.c | \
	mtk_vcodec_dec.c | mtk_vcodec_enc.c | vfio_pci.c | vfio_platform.c)
					echo $DRIVER ;;
	*)				return 1 ;;
	esac
}

# Sources not built yet, with the reason.
cd "$SRC/sim/drivers" || exit 1
FILES=$(ls ./*.c ./*.h | sed 's,^\./,,')
SOURCES=$(ls ./*.c | sed 's,^\./,,')
SHIPPED=$(ls ./*.kernel.o_shipped 2>/dev/null | sed 's,^\./,,')
plan $((3 + $(echo "$SOURCES" | wc -l) + $(echo "$SHIPPED" | grep -c .)))

if grep -nE 'struct sim([^_[:alnum:]]|$)' $FILES >"$TEST_TMP/names"; then
	not_ok "no driver file names struct sim"
	tap_comment <"$TEST_TMP/names"
else
	ok "no driver file names struct sim"
fi
if grep -nE '#[[:space:]]*include[[:space:]]*<sim/' $FILES >"$TEST_TMP/includes"; then
	not_ok "no driver file includes a <sim/...> header"
	tap_comment <"$TEST_TMP/includes"
else
	ok "no driver file includes a <sim/...> header"
fi
if grep -nE -e '->sim([^_[:alnum:]]|$)' $FILES >"$TEST_TMP/machine"; then
	not_ok "no driver file reaches a device's machine"
	tap_comment <"$TEST_TMP/machine"
else
	ok "no driver file reaches a device's machine"
fi

skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 builds against 6.1 # SKIP $2"
}

if [ -z "$KDIR" ] || [ ! -f "$KDIR/Makefile" ]; then
	for f in $SOURCES $SHIPPED; do
		skip "$f" "no kernel headers (KERNEL_LAB_KDIR)"
	done
	exit 0
fi

BUILD=$TEST_TMP/kbuild
BUILT=$SOURCES
mkdir -p "$BUILD/trace/events"
cp ./*.c ./*.h "$SRC/kernel-lab/compat/lab_compat.h" "$BUILD/"
cp "$SRC/sim/include/trace/events/iommu_lab.h" "$BUILD/trace/events/"
{
	echo "obj-m += sim_drivers_check.o"
	for f in $BUILT; do
		echo "sim_drivers_check-y += ${f%.c}.o"
	done
	echo "ccflags-y += -Werror -I\$(src)"
} >"$BUILD/Kbuild"
# One Kbuild run for them all; a source that fails is built again alone
# for its log.
make -C "$KDIR" M="$BUILD" -k $(for f in $BUILT; do echo "${f%.c}.o"; done) \
	>"$BUILD/all.log" 2>&1
for f in $SOURCES; do
	obj=${f%.c}.o
	if ! want=$(provides "$f"); then
		not_ok "$f builds against 6.1"
		echo "$f: no entry in this test's table of what each source defines" | tap_comment
		continue
	fi
	if [ ! -f "$BUILD/$obj" ]; then
		not_ok "$f builds against 6.1"
		make -C "$KDIR" M="$BUILD" "$obj" 2>&1 | tap_comment
		continue
	fi
	kbuild_defines "$f" "$BUILD/$obj" $want
done
for o in $SHIPPED; do
	f=${o%.kernel.o_shipped}.c
	if ! want=$(provides "$f"); then
		not_ok "$o builds against 6.1"
		echo "$f: no entry in this test's table of what each source defines" | tap_comment
		continue
	fi
	kbuild_defines "$o" "$o" $want
done
[ "$test_failures" -eq 0 ]
