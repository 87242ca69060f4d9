# The bad-input comparison of kernel-lab's tests (t0600, t0601): the
# console and kernel-lab's module read commands with one grammar
# (grammar/grammar.c), so a malformed line must give the same error line
# on both.  Sourced after lib.sh.
#
#   compare_bad_input LINES KERNEL_OUT BOARD [PROLOGUE]
#       runs each line of LINES (blank lines and lines starting with '#'
#       left out, as scripts/kernel-lab-run leaves them out) alone in a
#       fresh simulator booted on BOARD, after PROLOGUE (one command
#       printing one line, which is dropped), and compares what it prints,
#       output and errors, with the module's line for it: line N of
#       KERNEL_OUT, where the module printed one error line for each line.
#       A line ending in "# kernel-lab only: WHY" is not compared.  Prints
#       each difference; returns 1 if there was one.

compare_bad_input() {
	lines=$1 kout=$2 board=$3 prologue=${4:-}
	n=0 differ=0 compared=0
	grep -v -e '^$' -e '^#' "$lines" >"$TEST_TMP/bad.sent"
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case $line in
		*'# kernel-lab only:'*) continue ;;
		esac
		{
			[ -z "$prologue" ] || printf '%s\n' "$prologue"
			printf '%s\n' "$line"
		} >"$TEST_TMP/bad.one"
		iommu_lab --board "$board" "$TEST_TMP/bad.one" </dev/null >"$TEST_TMP/bad.sim" 2>&1
		if [ -n "$prologue" ]; then
			tail -n +2 "$TEST_TMP/bad.sim" >"$TEST_TMP/bad.sim1"
		else
			cp "$TEST_TMP/bad.sim" "$TEST_TMP/bad.sim1"
		fi
		sed -n "${n}p" "$kout" >"$TEST_TMP/bad.kernel"
		compared=$((compared + 1))
		if ! cmp -s "$TEST_TMP/bad.sim1" "$TEST_TMP/bad.kernel"; then
			differ=1
			echo "line $n: $line"
			sed 's/^/  simulator: /' "$TEST_TMP/bad.sim1"
			sed 's/^/  kernel:    /' "$TEST_TMP/bad.kernel"
		fi
	done <"$TEST_TMP/bad.sent"
	echo "$compared lines compared"
	return $differ
}
