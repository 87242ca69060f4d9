#!/bin/sh
# trace diff ERA1 ERA2 SCRIPT: one script under two eras, each on a fresh
# boot of the console's board; the lines that part are derived in
# t1021-trace-diff.in from the era tests t0230 and t0101.  Its error lines
# change nothing.  Then three cases checked here: the boot's own warnings
# come after the boot, the script is read once, and an unreadable one is
# one error line.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-unchanged.sh"

plan 6

transcript t1021-trace-diff --board defer-no-driver-mandatory
transcript t1021-trace-diff-errors --board defer-no-driver-mandatory

# output_part FILE: the output diff of a trace diff, from its "output:"
# line up to the "trace:" line, which is left out.
output_part() {
	sed -n '/^output: /,/^trace: /p' "$1" | sed '$d'
}

# The boot's invariant warnings are the boot's.  defer-iommu-present under
# v4.4 is t0232's case with one master (t0232-era-2015-12.in derives it
# for mt8173): the master's arch fake domain dom0 is attached first, so
# the M4U walks dom0's table (0x40004000, the 16 KiB-aligned L1 after the
# protect buffer); group 0's default domain dom1 comes next, and is
# never attached: no table of its own.  The check reports both as the
# boot ends, as `era v4.4; reset` prints them after the board line; v6.1
# attaches group 0's default domain dom0 and has nothing to report.  So
# the output diff is the board line (the same: 6.1 binds all four, t0101
# case 3b), the two warnings under v4.4 only, then the script's "first";
# and the trace diff ends with the two WARN events, after the boot's last
# driver_register (echo records nothing).
boot_warnings() {
	iommu_lab --board defer-iommu-present -c 'trace diff v4.4 v6.1 t1021-echo.cmds' \
		>"$TEST_TMP/boot" 2>&1 || return 1
	output_part "$TEST_TMP/boot" >"$TEST_TMP/boot.out"
	cat >"$TEST_TMP/boot.want" <<-'WANT'
	output: 4 lines under v4.4, 2 under v6.1, 2 in common
	  board defer-iommu-present: 4 devices, 4 bound, 0 deferred
	- WARNING: invariant translation: group 0 is on dom1 (which has no page table), but iommu walks the table at 0x40004000 (dom0's)
	- WARNING: invariant translation: master: group 0 is on dom1, but attach_dev never took master there (last attached to dom0)
	  first
	WANT
	diff -u "$TEST_TMP/boot.want" "$TEST_TMP/boot.out" || return 1
	tail -n 2 "$TEST_TMP/boot" >"$TEST_TMP/boot.warn"
	cat >"$TEST_TMP/boot.want" <<-'WANT'
	- WARN check=translation group=0 msg="group 0 is on dom1 (which has no page table), but iommu walks the table at 0x40004000 (dom0's)"
	- WARN check=translation dev=master group=0 msg="master: group 0 is on dom1, but attach_dev never took master there (last attached to dom0)"
	WANT
	diff -u "$TEST_TMP/boot.want" "$TEST_TMP/boot.warn"
}
run_check "trace diff: the boot's warnings follow the board line, not the first command" \
	boot_warnings

# The script is read once: from a pipe (/dev/stdin), both runs get its
# line.  The board lines are t1021-trace-diff.in's: 0 deferred under
# v4.12, 1 under 6.1.
from_pipe() {
	printf 'echo first\n' |
		iommu_lab --board defer-no-driver-mandatory -c 'trace diff v4.12 v6.1 /dev/stdin' \
		>"$TEST_TMP/pipe" 2>&1 || return 1
	output_part "$TEST_TMP/pipe" >"$TEST_TMP/pipe.out"
	cat >"$TEST_TMP/pipe.want" <<-'WANT'
	output: 2 lines under v4.12, 2 under v6.1, 1 in common
	- board defer-no-driver-mandatory: 2 devices, 0 bound, 0 deferred
	+ board defer-no-driver-mandatory: 2 devices, 0 bound, 1 deferred
	  first
	WANT
	diff -u "$TEST_TMP/pipe.want" "$TEST_TMP/pipe.out"
}
run_check "trace diff: a script from a pipe runs under both eras" from_pipe

# A directory is one error line and changes nothing (the transcript shows
# the line); so is a file that cannot be opened for reading.
STATE='dev list; era; trace show'
run_check "trace diff of a directory changes nothing" \
	unchanged_by 'trace diff v4.4 v6.1 .'
if [ "$(id -u)" -eq 0 ]; then
	ok "# SKIP root reads a file of mode 000"
else
	no_read() {
		: >"$TEST_TMP/secret.cmds" && chmod 000 "$TEST_TMP/secret.cmds" &&
		unchanged_by "trace diff v4.4 v6.1 $TEST_TMP/secret.cmds" &&
		grep -qxF "error: trace diff: cannot open '$TEST_TMP/secret.cmds': permission denied" \
			"$TEST_TMP/err"
	}
	run_check "trace diff of an unreadable file is one error line" no_read
fi
