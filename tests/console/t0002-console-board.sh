#!/bin/sh
# Boards and devices through the console: loading a board by name, from a
# .dts, with and without drivers, reset with new boot parameters, and the
# dev list / dev show / board show formats, on a board small enough that
# every expected line follows from its .dts and the kernel's defaults.
# A board that cannot boot (a bad memory node, overlapping registers, two
# devices of one name) leaves the machine it was to replace exactly as it
# was, with one error line.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-unchanged.sh"

plan 18

transcript t0002-board-dts
transcript t0002-no-drivers --board t0002-tiny.dts --no-drivers
transcript t0002-dev-add --board t0002-tiny.dts
transcript t0002-board-name
transcript t0002-load-fails

# board list: sorted, one name per line, the build's boards among them.
board_list_ok() {
	iommu_lab -c 'board list' >"$TEST_TMP/boards" 2>&1 || return 1
	sort -c "$TEST_TMP/boards" && grep -qx mt8173-evb "$TEST_TMP/boards" &&
		grep -qx q35-vtd "$TEST_TMP/boards" ||
		{ cat "$TEST_TMP/boards"; return 1; }
}
run_check "board list is sorted and has the built boards" board_list_ok

# deferred: "NAME<TAB>REASON", as debugfs devices_deferred prints it.
deferred_ok() {
	iommu_lab --board defer-iommu-present --no-drivers \
		-c 'drv load lab-dma-master; deferred; probe' >"$TEST_TMP/deferred" 2>&1 ||
		{ cat "$TEST_TMP/deferred"; return 1; }
	tab=$(printf '\t')
	grep -qx "drv load lab-dma-master: deferred master" "$TEST_TMP/deferred" &&
		grep -q "^master${tab}." "$TEST_TMP/deferred" &&
		grep -qx 'probe attempts=[0-9]* deferred=1' "$TEST_TMP/deferred" &&
		[ "$(wc -l <"$TEST_TMP/deferred")" -eq 3 ] ||
		{ cat "$TEST_TMP/deferred"; return 1; }
}
run_check "deferred lists a waiting master with its reason" deferred_ok

# Everything a failed load must leave as it was, the named DMA mapping
# included (the console still knows it: dma unmap works after).
STATE='board show; dev list; drv list; group list; domain list; vfio show;
show settings; era list; deferred; tick 0; trace show; dmesg; m4u tlb;
dma unmap ovl0 buf'
# A machine that is not the one a fresh load gives: a pending boot
# parameter, a domain of our own, a DMA mapping, a device gone, time.
SETUP='set iommu.strict 1; domain alloc mine unmanaged; dma map ovl0 buf 0x2000;
dev del jpegdec; tick 5ms'
for board in empty-memory:-EINVAL bad-memory:-EINVAL mmio-overlap:-EBUSY \
	dup-name:-EEXIST; do
	run_check "board load of t0002-${board%:*}.dts changes nothing (${board#*:})" \
		unchanged_by "board load t0002-${board%:*}.dts" "${board#*:}"
done
run_check "board load of a blob that is not one changes nothing (-EINVAL)" \
	unchanged_by 'board load t0001-not-a-blob.dtb' -EINVAL
run_check "board load --no-drivers of a bad board changes nothing" \
	unchanged_by 'board load t0002-mmio-overlap.dts --no-drivers' -EBUSY

# The same on q35-vtd with a group in a VFIO container and a VFIO mapping
# (edu handed to vfio-pci first: 6.1 makes /dev/vfio/3 only for a group
# with a device bound to a VFIO driver, and claims only a group no
# DMA-API driver uses).
STATE='board show; dev list; group list; domain list; vfio show; trace show;
dmesg; vtd iotlb'
SETUP='board load q35-vtd; dev unbind edu; dev set edu driver_override vfio-pci;
dev bind edu vfio-pci; vfio attach group:3; vfio map 0x100000 0x2000'
for board in empty-memory:-EINVAL bad-memory:-EINVAL mmio-overlap:-EBUSY \
	dup-name:-EEXIST; do
	run_check "on q35-vtd with VFIO, t0002-${board%:*}.dts changes nothing" \
		unchanged_by "board load t0002-${board%:*}.dts" "${board#*:}"
done
transcript t0002-load-fails-vfio

exit $test_failures
