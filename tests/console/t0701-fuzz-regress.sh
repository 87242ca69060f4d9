#!/bin/sh
# The libFuzzer targets (tests/fuzz/fuzz-*.c, built with ASan and UBSan)
# run once over every input of their committed corpus, tests/fuzz/corpus/T,
# and over every crash reproducer ever found, tests/fuzz/regress/T, leak
# checking on.  Each target passes when it gets through all of them: a
# crash, a sanitizer report, a leak, or kernel-lab's parser reading a line
# differently from the console's, fails it and names the input.
#
# make test sets $IOMMU_LAB_FUZZ (the directory of the built targets) and
# $IOMMU_LAB_FUZZ_TARGETS.

. "$(dirname "$0")/lib.sh"

if [ -z "${IOMMU_LAB_FUZZ:-}" ] || [ -z "${IOMMU_LAB_FUZZ_TARGETS:-}" ]; then
	echo "1..0 # SKIP IOMMU_LAB_FUZZ or IOMMU_LAB_FUZZ_TARGETS is not set (run through 'make test')"
	exit 0
fi

ASAN_OPTIONS=detect_leaks=1
export ASAN_OPTIONS

set -- $IOMMU_LAB_FUZZ_TARGETS
plan $(($# * 2))
for t; do
	for kind in corpus regress; do
		inputs=$TEST_DIR/../fuzz/$kind/$t
		n=$(find "$inputs" -type f 2>/dev/null | wc -l)
		out=$TEST_TMP/$t-$kind.out
		if [ ! -x "$IOMMU_LAB_FUZZ/fuzz-$t" ]; then
			not_ok "fuzz-$t: $kind"
			echo "no program $IOMMU_LAB_FUZZ/fuzz-$t" | tap_comment
		elif [ "$n" -eq 0 ] ||
		     find "$inputs" -type f | LC_ALL=C sort |
		     xargs "$IOMMU_LAB_FUZZ/fuzz-$t" >"$out" 2>&1; then
			ok "fuzz-$t: $kind ($n inputs)"
		else
			not_ok "fuzz-$t: $kind ($n inputs)"
			# the input it was running, and the report
			grep '^Running: ' "$out" | tail -n 1 | tap_comment
			grep -v -e '^Running: ' -e '^Executed ' "$out" | head -n 30 | tap_comment
		fi
	done
done
[ "$test_failures" -eq 0 ]
