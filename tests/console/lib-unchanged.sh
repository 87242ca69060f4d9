# "A command that fails prints one line to standard error and changes
# nothing" (CONSOLE.md), checked from outside.  Sourced after lib.sh by the
# scripts that check it:
#
#   STATE                  commands that print the state to compare (set
#                          by the script)
#   SETUP                  commands run first, to have state worth keeping
#                          (optional)
#   unchanged_by CMD [ERRNO]
#                          after SETUP, CMD fails with exactly one error
#                          line (ending in " (ERRNO)" when given), the run
#                          exits 1, and STATE prints the same as it does
#                          after SETUP alone
#   unchanged_by_file FILE [ERRNO]
#                          the same with the commands of FILE (in the test
#                          directory) run by `source` in place of CMD, for
#                          input no -c argument can carry (a NUL byte)

# with_setup CMDS: SETUP and CMDS as one -c argument.
with_setup() {
	if [ -n "${SETUP:-}" ]; then
		printf '%s; %s' "$SETUP" "$1"
	else
		printf '%s' "$1"
	fi
}

unchanged_by() {
	iommu_lab -c "$(with_setup "$STATE")" >"$TEST_TMP/before" 2>&1 || {
		echo "the setup or state commands failed:"
		cat "$TEST_TMP/before"
		return 1
	}
	iommu_lab -c "$(with_setup "$1; $STATE")" >"$TEST_TMP/after" 2>"$TEST_TMP/err"
	status=$?
	lines=$(wc -l <"$TEST_TMP/err")
	result=0
	if [ "$status" -ne 1 ]; then
		echo "exit status $status, not 1"
		result=1
	fi
	if [ "$lines" -ne 1 ] || ! grep -q "^error: " "$TEST_TMP/err"; then
		echo "expected one error line, got:"
		cat "$TEST_TMP/err"
		result=1
	fi
	if [ -n "${2:-}" ] && ! grep -q " ($2)\$" "$TEST_TMP/err"; then
		echo "the error line does not end in ($2):"
		cat "$TEST_TMP/err"
		result=1
	fi
	if ! cmp -s "$TEST_TMP/before" "$TEST_TMP/after"; then
		echo "the state changed:"
		diff -u "$TEST_TMP/before" "$TEST_TMP/after"
		result=1
	fi
	return $result
}

unchanged_by_file() {
	unchanged_by "source $1" "${2:-}"
}
