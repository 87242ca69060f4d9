#!/bin/sh
# The invariant checks only read: with them on or off, the same session
# prints the same lines (TLB hits and misses and their counters, fault
# reports, guest errors, the trace of the machine's own events, the
# kernel log), but for the checks' own WARNING lines and WARN events.
# The sessions: kernel-lab's scripts (each compared with the real kernel
# by t0600 and t0601) and the transcripts that provoke the checks, each
# followed by everything that shows the hardware's caches and counters.

. "$(dirname "$0")/lib.sh"

LAB_DIR=$(cd "$TEST_DIR/../kernel-lab" && pwd)

# SCRIPT BOARD pairs
sessions() {
	for f in "$LAB_DIR"/*.cmds; do
		echo "$f q35-vtd"
	done
	for f in "$LAB_DIR"/m4u/*.cmds; do
		echo "$f kernel-lab-m4u"
	done
	for t in t0210-m4u-stale-tlb t0211-m4u-faults t0212-m4u-bypass \
		 t0220-check-translation t0220-check-freed t0220-check-mapping \
		 t0220-check-tlb; do
		echo "$TEST_DIR/$t.in mt8173-evb"
	done
	echo "$TEST_DIR/t0214-vtd-dma.in q35-vtd"
	echo "$TEST_DIR/t0220-check-vfio-owner.in q35-vtd"
}

sessions >"$TEST_TMP/sessions"
plan $(wc -l <"$TEST_TMP/sessions")

# run SCRIPT BOARD on|off OUT
run() {
	{
		echo "set check $3"
		echo "trace on"
		# a script's "# boot: NAME=VALUE" lines, as t0600 gives them
		for p in $(sed -n 's/^#[[:space:]]*boot:[[:space:]]*//p' "$1"); do
			echo "set ${p%%=*} ${p#*=}"
		done
		echo "reset"
		cat "$1"
		echo "trace show"
		echo "m4u tlb"
		echo "m4u faults"
		echo "vtd iotlb"
		echo "faults"
		echo "dmesg"
		echo "show settings"
	} >"$TEST_TMP/session.cmds"
	iommu_lab -k --board "$2" "$TEST_TMP/session.cmds" </dev/null 2>&1 |
		grep -v -e '^check=' -e 'WARNING: invariant ' -e '\] WARN check=' >"$4"
}

while read -r script board; do
	name=$(basename "$script")
	run "$script" "$board" off "$TEST_TMP/off"
	run "$script" "$board" on "$TEST_TMP/on"
	if cmp -s "$TEST_TMP/off" "$TEST_TMP/on"; then
		ok "$name"
	else
		not_ok "$name"
		diff -u "$TEST_TMP/off" "$TEST_TMP/on" | tap_comment
	fi
done <"$TEST_TMP/sessions"
exit $test_failures
