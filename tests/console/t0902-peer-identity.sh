#!/bin/sh
# The peer benchmark's identity check (bench/peer, docs/performance.md):
# Linux 6.1's own iova.c and io-pgtable-arm-v7s.c, built from Debian's
# linux-source-6.1 into the build tree, and the simulator's run the same
# short operation sequences in one process; every return value and, every
# few hundred operations, the whole IOVA tree, both cached nodes,
# max32_alloc_size and the range caches' counts, or every page-table
# descriptor, must be the same on both sides, and the kernel's side must
# give back all its memory.  The IOVA sequences run twice on the
# simulator's side: with 6.1's walk and with the augmented allocator (set
# iova.allocator augmented), whose placements must be the same.  The
# expected values are the kernel's own code's, computed beside the
# simulator's on each run.
#
# The check can fail: with --perturb-project 1 the simulator's side does
# one extra operation (an allocation kept, a page mapped below the range)
# before the second operation of each sequence, and every workload must
# then report a mismatch.

. "$(dirname "$0")/lib.sh"

PEER=$(cd "$(dirname "$IOMMU_LAB")" && pwd)/bench/peer/peer
WORKLOADS=17
plan 3

if [ ! -x "$PEER" ]; then
	not_ok "the peer benchmark is built"
	echo "no $PEER (make all builds it)" | tap_comment
else
	ok "the peer benchmark is built"
fi

# identical: every workload agrees, and the program says so.
identical() {
	"$PEER" --identity >"$TEST_TMP/identity" 2>&1
	status=$?
	cat "$TEST_TMP/identity"
	[ "$status" -eq 0 ] || { echo "exit status $status"; return 1; }
	oks=$(grep -c '^ok [0-9]* - .*: ok (' "$TEST_TMP/identity")
	[ "$oks" -eq "$WORKLOADS" ] || { echo "$oks workloads agree, not $WORKLOADS"; return 1; }
}
run_check "the kernel's and the project's IOVA allocator and v7s tables agree" identical

# perturbed_fails: one extra project operation shows in every workload.
perturbed_fails() {
	"$PEER" --identity --perturb-project 1 >"$TEST_TMP/perturbed" 2>&1
	status=$?
	cat "$TEST_TMP/perturbed"
	[ "$status" -eq 1 ] || { echo "exit status $status, not 1"; return 1; }
	bad=$(grep -c '^not ok [0-9]* - .*: MISMATCH' "$TEST_TMP/perturbed")
	[ "$bad" -eq "$WORKLOADS" ] || { echo "$bad workloads mismatch, not $WORKLOADS"; return 1; }
}
run_check "one extra operation on the project's side is a mismatch in every workload" perturbed_fails

exit $test_failures
