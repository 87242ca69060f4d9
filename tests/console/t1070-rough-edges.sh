#!/bin/sh
# Issue 18's rough edges, each a transcript: trace show of an unknown
# event or key and its completion, help suggesting only near words, tick's
# "5 ms", set's list and help set/era, group arguments, a freed domain
# named, suspended larbs in m4u regs, the fault's kernel-log prefix, and
# group list on a narrow terminal.  Each bad input is one error line
# that changes nothing, checked from outside (lib-unchanged.sh).
#
# Expected lines come from the kernel tables and the issue, each derived
# in the .in file's comments, not captured from the program.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-unchanged.sh"

plan 18

transcript t1070-trace-show
transcript t1071-help-suggest
transcript t1072-tick-unit
transcript t1073-settings-help
transcript t1074-group-args
transcript t1075-freed-domain
transcript t1076-m4u-suspended

STATE='dev list; show settings; era list; group list; domain list; tick 0'
run_check "trace show of an unknown event changes nothing" \
	unchanged_by 'trace show attach_device'
run_check "trace show with a key no event has changes nothing" \
	unchanged_by 'trace show dve=ovl0'
run_check "tick with two numbers changes nothing" \
	unchanged_by 'tick 5 5'
run_check "set of an unknown setting changes nothing" \
	unchanged_by 'set foo 1'
run_check "attach to group0 is -ENODEV and changes nothing" \
	unchanged_by 'attach dom0 group0' -ENODEV
run_check "vfio attach group0 changes nothing" \
	unchanged_by 'vfio attach group0'
run_check "detach from 0 is -ENODEV and changes nothing" \
	unchanged_by 'detach dom0 0' -ENODEV

# trace show's keys include those of the WARN events' subjects, which
# the table's format cannot show and the header lists by hand: every key
# the invariant checks write into a subject (the "KEY=" words of the
# strings that sim/check/ prints into a subject or passes as one) must be
# accepted, printing nothing on a fresh boot (no WARN, no device "x").
warn_subject_keys() {
	keys=$(grep -hE 'subject\), "|check_report\(ctx, "[a-z-]+", "' \
		"$TEST_DIR"/../../sim/check/*.c | grep -oE '"[^"]*"' |
		grep -oE '[a-z_]+=' | sort -u)
	[ -n "$keys" ] || { echo "no subject keys found in sim/check/"; return 1; }
	cmds=
	for k in $keys; do
		cmds="$cmds${cmds:+; }trace show ${k}x"
	done
	iommu_lab -c "$cmds" >"$TEST_TMP/keys" 2>&1 || { cat "$TEST_TMP/keys"; return 1; }
	[ ! -s "$TEST_TMP/keys" ] || { cat "$TEST_TMP/keys"; return 1; }
}
run_check "every key of a WARN's subject is one trace show knows" warn_subject_keys

# The fault's kernel-log line is 6.1's mtk_iommu_isr() dev_err_ratelimited()
# with dev_printk's "DRIVER DEVICE: " prefix: the driver mtk-iommu, the
# device the DT node iommu@10205000 made.  ovl0 (larb0 port 0: INT_ID 0)
# reads IOVA 0x900000, which nothing maps: a translation fault
# (FAULT_ST1 bit 0: type=0x1), no PA (0), layer 0, a read.  The console's
# own fault line (CONSOLE.md's shape) stays as it is.
fault_log() {
	iommu_lab -c 'pm get ovl0; dma read ovl0 0x900000 0x4; dmesg' >"$TEST_TMP/fault" 2>&1
	grep -qxF 'mtk-iommu: fault type=0x1 iova=0x900000 pa=0x0 larb=0 port=0 layer=0 read' \
		"$TEST_TMP/fault" &&
	grep -qF '] mtk-iommu 10205000.iommu: fault type=0x1 iova=0x900000 pa=0x0 master=0x0(larb=0 port=0) layer=0 read' \
		"$TEST_TMP/fault"
}
run_check "the fault's kernel-log line has 6.1's device prefix" fault_log

# group list on a terminal narrower than a group's line: mt8173's one
# group holds the 17 masters (183 characters as CONSOLE.md's line), so a
# 100-column terminal gets their count and where the list is; a 200-column
# one the whole line, as batch output always does (t0201 and the labs
# compare that one byte for byte).  The terminal is a pseudo-terminal
# made by util-linux's script(1).
on_pty() {
	script -qec "stty cols $1 rows 30; $IOMMU_LAB -c 'group list'" /dev/null </dev/null |
		tr -d '\r' >"$TEST_TMP/pty"
}
group_list_narrow() {
	on_pty 100 &&
	echo 'group 0 devices=17 (group show 0 lists them) type=DMA domain=dom0' |
		cmp - "$TEST_TMP/pty"
}
group_list_wide() {
	on_pty 200 && iommu_lab -c 'group list' | cmp - "$TEST_TMP/pty" &&
	[ "$(wc -c <"$TEST_TMP/pty")" -eq 184 ]
}
if command -v script >/dev/null 2>&1; then
	run_check "group list on a 100-column terminal counts the members" group_list_narrow
	run_check "group list on a 200-column terminal is the batch line" group_list_wide
else
	ok "# SKIP script(1) is not installed"
	ok "# SKIP script(1) is not installed"
fi
