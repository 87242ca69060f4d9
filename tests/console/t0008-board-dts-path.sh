#!/bin/sh
# `board load FILE.dts` compiles the source as the build compiles the
# boards: both run scripts/dtc-board (cpp with the board headers, then
# dtc), which the console finds beside its boards.  Every shipped board
# loads by the path of its source, from a directory that is not its own,
# #include <mt8173-larb-port.h> and all; and a source that cannot be
# compiled, or the tools missing, is one error line that changes nothing.
#
# The oracle for the shipped boards is the same board by name: the blob
# make compiled, whose summaries other tests hold (t0002, t0101, t0202...).
# t0008-board-dts-path.expected, by hand from the sources:
# - mt8173-evb: 25 nodes under /soc with a compatible (3 display RDMAs,
#   2 OVLs, 2 WDMAs, 2 MDP RDMAs, an MDP WDMA, 2 WROTs, 6 larbs, SMI common,
#   the M4U, the camera ISP, JPEG decoder and 3 video codecs), each with a
#   built-in driver (drv list), so 25 bound and none deferred;
# - kernel-lab-m4u: the M4U, SMI common and 2 larbs, 4 devices, all bound.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-unchanged.sh"

BOARDS_SRC=../../sim/boards

transcript t0008-board-dts-path

# same_board NAME: by path and by name, the machine prints the same.
same_board() {
	show='board show; dev list; drv list; group list; domain list; deferred; dmesg; trace show'
	iommu_lab -c "board load $BOARDS_SRC/$1.dts; $show" >"$TEST_TMP/by-path" 2>&1
	echo "exit=$?" >>"$TEST_TMP/by-path"
	iommu_lab -c "board load $1; $show" >"$TEST_TMP/by-name" 2>&1
	echo "exit=$?" >>"$TEST_TMP/by-name"
	cmp -s "$TEST_TMP/by-name" "$TEST_TMP/by-path" ||
		{ diff -u "$TEST_TMP/by-name" "$TEST_TMP/by-path"; return 1; }
}
for dts in "$TEST_DIR/$BOARDS_SRC"/*.dts; do
	b=$(basename "$dts" .dts)
	run_check "board load sim/boards/$b.dts boots what board load $b boots" same_board "$b"
done

# The header's values arrive: jpegdec's ports are M4U_PORT_JPGDEC_WDMA and
# _BSDMA, larb 3 ports 7 and 8, and MTK_M4U_ID(larb, port) is
# larb << 5 | port: 3 * 32 + 7 = 103 and 104, 0x67 and 0x68 in dev show's
# hex.
jpegdec_ports() {
	iommu_lab -c "board load $BOARDS_SRC/mt8173-evb.dts; dev show jpegdec" \
		>"$TEST_TMP/jpegdec" 2>&1 &&
		grep -qx 'iommus: iommu:0x67,0x68' "$TEST_TMP/jpegdec" ||
		{ cat "$TEST_TMP/jpegdec"; return 1; }
}
run_check "mt8173-evb.dts by path: jpegdec's iommus come from the header" jpegdec_ports

# What a failed load must leave as it was, on a machine worth keeping.
STATE='board show; dev list; drv list; group list; domain list; deferred; dmesg;
trace show; tick 0'
SETUP='domain alloc mine unmanaged; dev del jpegdec; tick 5ms'

# fails_with LINE CMD: CMD fails with exactly the error LINE, and changes
# nothing.
fails_with() {
	unchanged_by "$2" || return 1
	[ "$(cat "$TEST_TMP/err")" = "$1" ] ||
		{ echo "expected: $1"; echo "got:      $(cat "$TEST_TMP/err")"; return 1; }
}
# fails_like PATTERN CMD: the same, with the line matching PATTERN (the
# preprocessor's own words differ between gcc and clang).
fails_like() {
	unchanged_by "$2" || return 1
	grep -q "$1" "$TEST_TMP/err" ||
		{ echo "expected a line matching: $1"; cat "$TEST_TMP/err"; return 1; }
}
# with_env NAME=VALUE CMD...: CMD with NAME=VALUE in the environment.
with_env() {
	(export "$1"; shift; "$@")
}

run_check "a .dts that does not exist: cannot open, nothing changes" \
	fails_with "error: board load: cannot open 't0008-nosuch.dts': no such file or directory" \
	'board load t0008-nosuch.dts'
mkdir "$TEST_TMP/dir.dts"
run_check "a .dts that is a directory: cannot open, nothing changes" \
	fails_with "error: board load: cannot open '$TEST_TMP/dir.dts': is a directory" \
	"board load $TEST_TMP/dir.dts"
ln -s /dev/zero "$TEST_TMP/zero.dts"
run_check "a .dts that is a device is not read, nothing changes" \
	fails_with "error: board load: '$TEST_TMP/zero.dts' is not a regular file" \
	"board load $TEST_TMP/zero.dts"
run_check "an #include that is not found: cpp names the file and line, nothing changes" \
	fails_like '^error: board load: cpp: t0008-no-header\.dts:3:.*nosuch-port\.h' \
	'board load t0008-no-header.dts'
run_check "an #include not found in an included file: that file's line" \
	fails_like '^error: board load: cpp: t0008-nested\.dtsi:2:.*nosuch-port\.h' \
	'board load t0008-nested.dts'
run_check "a dtc syntax error: dtc names the source's own line, nothing changes" \
	fails_with 'error: board load: dtc: Error: t0001-bad.dts:5.1-2 syntax error' \
	'board load t0001-bad.dts'
run_check "no dtc: one line naming it, nothing changes" \
	with_env DTC=nosuch-dtc fails_with \
	"error: board load: dtc: cannot run 'nosuch-dtc': command not found (install device-tree-compiler)" \
	'board load t0002-tiny.dts'
run_check "no preprocessor: one line naming it, nothing changes" \
	with_env CC=nosuch-cc fails_with \
	"error: board load: cpp: cannot run 'nosuch-cc': command not found" \
	'board load t0002-tiny.dts'

# A program with no dtc-board beside its boards: a copy elsewhere with
# mt8173-evb beside it, no other board directory but the default installed
# one, which must not have dtc-board either.  (A subshell: it changes the
# program and its environment.)
no_dtc_board() (
	if [ -e /usr/local/share/iommu-lab/scripts/dtc-board ]; then
		echo "an installed dtc-board is in the way"
		exit 1
	fi
	mkdir -p "$TEST_TMP/bin/boards" &&
		cp "$IOMMU_LAB" "$TEST_TMP/bin/" &&
		cp "$IOMMU_LAB_BOARDS/mt8173-evb.dtb" "$TEST_TMP/bin/boards/" || exit 1
	IOMMU_LAB=$TEST_TMP/bin/$(basename "$IOMMU_LAB")
	IOMMU_LAB_BOARDS=$TEST_TMP/nowhere
	export IOMMU_LAB_BOARDS
	fails_with "error: board load: cannot compile 't0002-tiny.dts': no scripts/dtc-board beside the boards" \
		'board load t0002-tiny.dts'
)
run_check "no dtc-board beside the boards: one line, nothing changes" no_dtc_board

plan $test_count
exit $test_failures
