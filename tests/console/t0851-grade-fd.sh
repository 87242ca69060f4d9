#!/bin/sh
# iommu-lab --grade-fd FD (docs/console.md, "Graded tests"): the console's
# own lines, error lines included, go to FD, ended by the end record
# (grader/grade-fd.h: RS, "end of script"); the kernel log goes to
# standard output; there is no board until the script loads one; and the
# sandbox refuses what a script would need a new program or a new file
# for: compiling a .dts board (dtc-board is a program) and writing a
# graph.

. "$(dirname "$0")/lib.sh"

# grade NAME FD-OPTION COMMANDS: runs COMMANDS (a script file) with the
# channel on descriptor 3; NAME.chan, NAME.log, NAME.status.
grade() {
	printf '%s\n' "$3" >"$TEST_TMP/$1.cmds"
	iommu_lab --grade-fd "$2" "$TEST_TMP/$1.cmds" 3>"$TEST_TMP/$1.chan" \
		>"$TEST_TMP/$1.log" 2>&1 </dev/null
	echo $? >"$TEST_TMP/$1.status"
}

# The board line: mt8173-evb's 25 devices (the M4U, six larbs, smi-common,
# 17 masters) all bind; `dev show` of a device that does not exist is the
# driver core's -ENODEV, in the console's one error line.
grade lines 3 "$(printf 'board load mt8173-evb\ndev show nosuch')"
printf 'board mt8173-evb: 25 devices, 25 bound, 0 deferred\n' >"$TEST_TMP/want"
printf "error: dev show: no device 'nosuch' (-ENODEV)\n" >>"$TEST_TMP/want"
printf '\036end of script\n' >>"$TEST_TMP/want"
# The log holds none of those lines (under valgrind it holds valgrind's).
lines_ok() {
	cmp "$TEST_TMP/want" "$TEST_TMP/lines.chan" &&
		! grep -q -e '^board ' -e '^error: ' -e "$(printf '\036')" "$TEST_TMP/lines.log" &&
		[ "$(cat "$TEST_TMP/lines.status")" = 1 ]
}
run_check "the console's lines and error lines go to FD, then the end record" lines_ok

# A read through the M4U at an address nothing maps faults, and the M4U's
# interrupt handler reports it in the kernel log (dev_err in mtk_iommu_isr).
grade klog 3 "$(printf 'board load mt8173-evb\ndma read ovl0 0x40000000 4')"
klog_ok() {
	grep -q '^mtk-iommu: fault ' "$TEST_TMP/klog.log" &&
		! grep -q 'mtk-iommu: fault' "$TEST_TMP/klog.chan" &&
		grep -q '^dma read ovl0 ' "$TEST_TMP/klog.chan"
}
run_check "the kernel log goes to standard output, not to FD" klog_ok

# The whole log, information lines too, as docs/labs.md promises for a
# dev_info(): q35-vtd's edu (00:03.0, the fourth function the scan finds)
# joins group 3, which 6.1's iommu_group_add_device() says with dev_info().
grade info 3 "board load q35-vtd"
info_ok() {
	grep -qx 'pci 0000:00:03.0: Adding to iommu group 3' "$TEST_TMP/info.log" &&
		! grep -q 'Adding to iommu group' "$TEST_TMP/info.chan"
}
run_check "information lines (dev_info) reach the log too" info_ok

grade noboard 3 "board show"
noboard_ok() {
	grep -qx 'error: board show: no board loaded' "$TEST_TMP/noboard.chan"
}
run_check "there is no board until the script loads one" noboard_ok

grade dts 3 "board load $TEST_DIR/t0002-tiny.dts"
dts_ok() {
	grep -q '^error: board load: .*operation not permitted$' "$TEST_TMP/dts.chan"
}
run_check "the sandbox refuses compiling a .dts (a new program, a new file)" dts_ok

grade graph 3 "$(printf 'board load mt8173-evb\ngraph %s/g.svg' "$TEST_TMP")"
graph_ok() {
	grep -q "^error: graph: cannot write '.*': operation not permitted$" "$TEST_TMP/graph.chan" &&
		[ ! -e "$TEST_TMP/g.svg" ]
}
run_check "the sandbox refuses writing a file" graph_ok

# With no board yet, `era` cannot say the board booted under anything: the
# era is the one the first `board load` boots under, and `era` then names
# it (between them, v4.4's own WARNING lines on mt8173: t0232).
grade era 3 "$(printf 'era v4.4\nboard load mt8173-evb\nera')"
era_ok() {
	sed -n 1p "$TEST_TMP/era.chan" | grep -q '^era v4.4: ' &&
		[ "$(sed -n 2p "$TEST_TMP/era.chan")" = \
		  "in force now; no board is loaded, the next board load boots under it" ] &&
		sed -n 3p "$TEST_TMP/era.chan" | grep -q '^board mt8173-evb: ' &&
		tail -2 "$TEST_TMP/era.chan" | head -1 | grep -q '^v4.4: '
}
run_check "era before any board names the next boot, not a boot that was not" era_ok

bad_fd() {
	iommu_lab --grade-fd "$1" -c help 9>&- >"$TEST_TMP/bad" 2>&1
	[ $? -eq 2 ] && grep -q "^error: $2" "$TEST_TMP/bad"
}
run_check "a descriptor that is not open is refused" bad_fd 9 "bad file descriptor '9' for --grade-fd"
run_check "a number that is not one is refused" bad_fd 3x "bad file descriptor '3x' for --grade-fd"
no_script() {
	iommu_lab --grade-fd 1 </dev/null >"$TEST_TMP/bad" 2>&1
	[ $? -eq 2 ] && grep -q '^error: --grade-fd runs a FILE or -c' "$TEST_TMP/bad"
}
run_check "--grade-fd needs a script" no_script

plan $test_count
exit $test_failures
