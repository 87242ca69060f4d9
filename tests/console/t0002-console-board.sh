#!/bin/sh
# Boards and devices through the console: loading a board by name, from a
# .dts, with and without drivers, reset with new boot parameters, and the
# dev list / dev show / board show formats, on a board small enough that
# every expected line follows from its .dts and the kernel's defaults.

. "$(dirname "$0")/lib.sh"

plan 6

transcript t0002-board-dts
transcript t0002-no-drivers --board t0002-tiny.dts --no-drivers
transcript t0002-dev-add --board t0002-tiny.dts
transcript t0002-board-name

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
	grep -q "^master${tab}." "$TEST_TMP/deferred" &&
		grep -qx 'probe attempts=[0-9]* deferred=1' "$TEST_TMP/deferred" &&
		[ "$(wc -l <"$TEST_TMP/deferred")" -eq 2 ] ||
		{ cat "$TEST_TMP/deferred"; return 1; }
}
run_check "deferred lists a waiting master with its reason" deferred_ok
