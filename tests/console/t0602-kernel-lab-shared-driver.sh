#!/bin/sh
# One driver source in both worlds.  The simulator's drivers see the
# kernel's API only (sim/include/linux/) and one compat header,
# <lab_compat.h>; the M4U driver's callback files (sim/drivers/mtk_iommu*.c
# and mtk_iommu.h) are the ones kernel-lab builds into its module.
#
# - No file under sim/drivers/ names struct sim or includes a <sim/...>
#   header (the simulator's internals), and none but builtin.c's list
#   looks at a device's machine.
# - Each M4U callback file, copied unchanged, compiles with Kbuild and
#   -Werror against the installed Debian 6.1 kernel headers (make test
#   passes their directory as KERNEL_LAB_KDIR), the trace table
#   <trace/events/iommu_lab.h> and kernel-lab's compat header,
#   kernel-lab/compat/lab_compat.h, into an object that defines what
#   mtk_iommu.h says the file provides.  Skipped without headers, which
#   make check installs.

. "$(dirname "$0")/lib.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
KDIR=${KERNEL_LAB_KDIR:-}

# What each callback file defines for the others (mtk_iommu.h).
provides() {
	case $1 in
	mtk_iommu.c)			echo mtk_iommu_ops mtk_iommu_of_ids ;;
	mtk_iommu_attach_dev.c)		echo mtk_iommu_attach_device mtk_iommu_detach_device ;;
	mtk_iommu_device_group.c)	echo mtk_iommu_device_group ;;
	mtk_iommu_domain.c)		echo mtk_iommu_domain_alloc mtk_iommu_domain_finalise \
					     mtk_iommu_config mtk_iommu_sim_walk mtk_iommu_domain_ops ;;
	mtk_iommu_hw.c)			echo mtk_iommu_hw_init mtk_iommu_tlb_flush_all \
					     mtk_iommu_tlb_flush_range_sync ;;
	mtk_iommu_isr.c)		echo mtk_iommu_isr ;;
	mtk_iommu_of.c)			echo mtk_iommu_match_data mtk_iommu_of_xlate \
					     mtk_iommu_mm_dts_parse mtk_iommu_put_devices ;;
	esac
}

cd "$SRC/sim/drivers" || exit 1
FILES=$(ls ./*.c ./*.h | sed 's,^\./,,')
CALLBACKS=$(ls mtk_iommu*.c)
plan $((3 + $(echo "$CALLBACKS" | wc -l)))

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

if [ -z "$KDIR" ] || [ ! -f "$KDIR/Makefile" ]; then
	for f in $CALLBACKS; do
		echo "ok $((test_count += 1)) - $f builds against 6.1 # SKIP no kernel headers (KERNEL_LAB_KDIR)"
	done
	exit 0
fi

BUILD=$TEST_TMP/kbuild
mkdir -p "$BUILD/trace/events"
cp mtk_iommu*.c mtk_iommu.h "$SRC/kernel-lab/compat/lab_compat.h" "$BUILD/"
cp "$SRC/sim/include/trace/events/iommu_lab.h" "$BUILD/trace/events/"
{
	echo "obj-m += mtk_iommu_check.o"
	for f in $CALLBACKS; do
		echo "mtk_iommu_check-y += ${f%.c}.o"
	done
	echo "ccflags-y += -Werror -I\$(src)"
} >"$BUILD/Kbuild"
for f in $CALLBACKS; do
	obj=${f%.c}.o
	if ! make -C "$KDIR" M="$BUILD" "$obj" >"$BUILD/${f%.c}.log" 2>&1; then
		not_ok "$f builds against 6.1"
		tap_comment <"$BUILD/${f%.c}.log"
		continue
	fi
	missing=
	for sym in $(provides "$f"); do
		nm "$BUILD/$obj" | grep -qE " [TDR] $sym\$" || missing="$missing $sym"
	done
	if [ -n "$missing" ]; then
		not_ok "$f builds against 6.1"
		echo "$obj does not define:$missing" | tap_comment
	else
		ok "$f builds against 6.1"
	fi
done
[ "$test_failures" -eq 0 ]
