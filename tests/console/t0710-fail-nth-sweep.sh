#!/bin/sh
# fail-nth over every board's boot, and over a scripted session on
# mt8173-evb and on q35-vtd, under ASan and UBSan.  For N = 1, 2, ... up
# to the number of allocations the run makes, the Nth allocation of the
# simulated kernel is made to fail (`set fail.alloc N`); then N one past
# that, which must fail nothing.  Each run must end cleanly: the failure
# really happened (fail.alloc reads back 0, as fail-nth does once it has
# fired), a failing command prints one well-formed error line and a
# fallback the kernel takes prints none, nothing is reported by the
# sanitizers and nothing leaks.  (Where 6.1 itself would oops or use freed
# memory after a failure, the simulator prints the kernel's BUG line and
# goes on: that is the kernel's outcome, and allowed.)  After all the
# runs, the same machine must boot and run the session exactly as a fresh
# one does: no failure left state behind that a board load keeps.
#
# The runs of one board share one process, LeakSanitizer reporting at its
# exit; when that process fails, N is run alone to name the first N that
# fails.  The program is the sanitized build named by $IOMMU_LAB_SAN.

. "$(dirname "$0")/lib.sh"

SAN=${IOMMU_LAB_SAN:-}
if [ -z "$SAN" ] || [ ! -x "$SAN" ]; then
	echo "1..0 # SKIP no sanitized build (IOMMU_LAB_SAN names build-san/iommu-lab)"
	exit 0
fi
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1
UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

# More than any run allocates: what is left of it tells how many it made.
BIG=1000000

# san_run SCRIPT OUT: the sanitized program runs SCRIPT; both streams to OUT.
san_run() {
	(cd "$TEST_DIR" && "$SAN" "$1") >"$2" 2>&1
}

# run_block N BOARD CMDS: one run's commands, failing allocation N.
run_block() {
	echo "set fail.alloc $1"
	echo "board load $2"
	cat "$3"
	echo "show settings"
}

sanitizer_report() {
	grep -E 'Sanitizer|runtime error:' "$1" >/dev/null
}

# first_bad_n BOARD CMDS N...: runs each N alone, in the order given;
# prints the first whose process reports anything, or nothing.
first_bad_n() {
	fb_board=$1
	fb_cmds=$2
	shift 2
	for n in "$@"; do
		run_block "$n" "$fb_board" "$fb_cmds" >"$TEST_TMP/one.cmds"
		san_run "$TEST_TMP/one.cmds" "$TEST_TMP/one.out"
		if [ $? -gt 1 ] || sanitizer_report "$TEST_TMP/one.out"; then
			echo "$n"
			return
		fi
	done
}

# sweep BOARD [SESSION]: one TAP result for the board's boot, and the
# session's commands after it.
sweep() {
	board=$1
	session=${2:-}
	name="fail-nth: $board boot${session:+ and $session}"
	cmds=$TEST_TMP/session.cmds
	: >"$cmds"
	if [ -n "$session" ]; then
		grep -v -e '^#' -e '^$' "$TEST_DIR/$session" >"$cmds"
	fi
	ncmds=$(($(wc -l <"$cmds") + 1))
	problems=$TEST_TMP/problems
	: >"$problems"

	# The allocations of one whole run, counted by fail-nth itself.
	{
		echo "set fail.alloc $BIG"
		echo "board load $board"
		cat "$cmds"
		echo "show settings"
	} >"$TEST_TMP/count.cmds"
	san_run "$TEST_TMP/count.cmds" "$TEST_TMP/count.out"
	left=$(sed -n 's/^fail\.alloc=\([0-9][0-9]*\)$/\1/p' "$TEST_TMP/count.out" | tail -n 1)
	if [ -z "$left" ] || [ "$left" -ge "$BIG" ] || sanitizer_report "$TEST_TMP/count.out"; then
		not_ok "$name"
		echo "the run without a failure went wrong:" | tap_comment
		tail -n 20 "$TEST_TMP/count.out" | tap_comment
		return
	fi
	total=$((BIG - left))

	# What a fresh machine prints for the run, trace included.
	{
		echo "board load $board"
		cat "$cmds"
		echo "trace show"
	} >"$TEST_TMP/ref.cmds"
	san_run "$TEST_TMP/ref.cmds" "$TEST_TMP/ref.out"

	{
		n=1
		while [ "$n" -le $((total + 1)) ]; do
			run_block "$n" "$board" "$cmds"
			n=$((n + 1))
		done
		echo "set fail.alloc 0"
		cat "$TEST_TMP/ref.cmds"
	} >"$TEST_TMP/sweep.cmds"
	san_run "$TEST_TMP/sweep.cmds" "$TEST_TMP/sweep.out"
	status=$?

	awk -v total="$total" -v ncmds="$ncmds" '
	BEGIN { total += 0; ncmds += 0 }
	function bad(msg) { print "N=" n ": " msg; nbad++ }
	function end_run() {
		if (n == "")
			return
		if (n <= total && back != "0")
			bad("no allocation failed (fail.alloc reads " back ")")
		if (n > total && back != "1")
			bad("an allocation past the " total " counted failed")
		if (errs > ncmds)
			bad(errs " error lines from " ncmds " commands")
		if (fault > 1)
			bad(fault " failures forced, not one")
		n = ""
	}
	/^fail\.alloc=[0-9]+: allocation / {
		end_run()
		n = $0
		sub(/^fail\.alloc=/, "", n)
		sub(/:.*/, "", n)
		n += 0
		errs = fault = 0
		back = "none"
		next
	}
	/^fail\.alloc=0: off$/ { end_run(); finished = 1; exit }
	/^error: / {
		errs++
		if ($0 !~ /^error: [a-z][a-z0-9_ ]*: [^ ]/ || $0 ~ /\(null\)/)
			bad("malformed error line: " $0)
	}
	/^FAULT_INJECTION: forcing a failure\.$/ { fault++ }
	/^fail\.alloc=[0-9]+$/ { back = substr($0, 12) }
	END {
		if (!finished)
			print "the process stopped in the run failing allocation " n
	}' "$TEST_TMP/sweep.out" >>"$problems"

	if [ "$status" -gt 1 ] || sanitizer_report "$TEST_TMP/sweep.out"; then
		# A crash stops the process in the run at fault, or in the
		# next one's board load when it is the teardown that fails;
		# a leak is only reported at the end.
		at=$(sed -n 's/^the process stopped in the run failing allocation //p' "$problems")
		if [ -n "$at" ]; then
			at=$(first_bad_n "$board" "$cmds" "$at" $((at - 1)))
		fi
		if [ -z "$at" ]; then
			at=$(first_bad_n "$board" "$cmds" $(seq 1 $((total + 1))))
		fi
		echo "the sanitized program failed (exit $status); alone, N=${at:-?} fails:" >>"$problems"
		if [ -n "$at" ]; then
			run_block "$at" "$board" "$cmds" >"$TEST_TMP/one.cmds"
			san_run "$TEST_TMP/one.cmds" "$TEST_TMP/one.out"
			grep -E -m 12 'ERROR|SUMMARY|runtime error|^    #[0-9] ' "$TEST_TMP/one.out" >>"$problems"
		else
			grep -E -m 12 'ERROR|SUMMARY|runtime error|^    #[0-9] ' "$TEST_TMP/sweep.out" >>"$problems"
		fi
	elif ! sed '1,/^fail\.alloc=0: off$/d' "$TEST_TMP/sweep.out" | cmp -s "$TEST_TMP/ref.out" -; then
		echo "after the runs, a boot and the session differ from a fresh machine's:" >>"$problems"
		sed '1,/^fail\.alloc=0: off$/d' "$TEST_TMP/sweep.out" |
			diff -u "$TEST_TMP/ref.out" - | head -n 20 >>"$problems"
	fi

	if [ -s "$problems" ]; then
		not_ok "$name ($total allocations)"
		head -n 30 "$problems" | tap_comment
	else
		ok "$name ($total allocations)"
	fi
}

# The session runs start with their board's boot: those two boards need
# no boot-only sweep.
boards=$(cd "$TEST_DIR" && "$SAN" -c 'board list' | grep -v -x -e mt8173-evb -e q35-vtd)
plan $(($(echo "$boards" | wc -l) + 2))

sweep mt8173-evb t0710-mt8173-session.in
sweep q35-vtd t0710-q35-session.in
for b in $boards; do
	sweep "$b"
done
exit $test_failures
