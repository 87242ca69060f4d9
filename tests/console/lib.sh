# Transcript tests for the iommu-lab console: TAP plumbing sourced by each
# tNNNN-area-what.sh.
#
#   plan N                      announce N tests
#   transcript NAME [ARGS...]   run "iommu-lab ARGS NAME.in" (NAME.in only if
#                               it exists; stdin is /dev/null) in this
#                               directory, and compare its stdout and stderr
#                               together, then "exit=STATUS", byte for byte
#                               with NAME.expected
#   transcript_stdin NAME [ARGS...]
#                               the same with NAME.in as standard input
#   run_check NAME CMD...       run CMD; it passes when CMD exits 0
#
# $IOMMU_LAB names the program (make test sets it); $IOMMU_LAB_WRAP, if set,
# is put in front of it (IOMMU_LAB_WRAP='valgrind -q --error-exitcode=99').
# Each script's own golden files sit beside it.

if [ -z "${IOMMU_LAB:-}" ]; then
	echo "1..0 # SKIP IOMMU_LAB is not set (run through 'make test')"
	exit 0
fi

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
# Under valgrind, leaks inside Graphviz and the font libraries are theirs.
VALGRIND_OPTS="--suppressions=$TEST_DIR/../valgrind.supp --child-silent-after-fork=yes${VALGRIND_OPTS:+ $VALGRIND_OPTS}"
export VALGRIND_OPTS
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/iommu-lab-test.XXXXXX") || exit 1
trap 'rm -rf "$TEST_TMP"' EXIT
trap 'exit 130' INT TERM

test_count=0
test_failures=0

plan() {
	echo "1..$1"
}

# ok NAME / not_ok NAME: one TAP result line.
ok() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1"
}

not_ok() {
	test_count=$((test_count + 1))
	test_failures=$((test_failures + 1))
	echo "not ok $test_count - $1"
}

# Prints standard input as TAP comments.
tap_comment() {
	sed 's/^/# /'
}

# Runs the program with the wrapper, in the test directory.
iommu_lab() {
	# $IOMMU_LAB_WRAP is split into words on purpose
	(cd "$TEST_DIR" && ${IOMMU_LAB_WRAP:-} "$IOMMU_LAB" "$@")
}

# compare NAME FILE: FILE against NAME.expected.
compare() {
	expected=$TEST_DIR/$1.expected
	if [ ! -f "$expected" ]; then
		not_ok "$1"
		echo "no $1.expected; the program printed:" | tap_comment
		tap_comment <"$2"
	elif cmp -s "$expected" "$2"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$expected" "$2" | tap_comment
	fi
}

transcript() {
	name=$1
	shift
	got=$TEST_TMP/$name.got
	if [ -f "$TEST_DIR/$name.in" ]; then
		set -- "$@" "$name.in"
	fi
	iommu_lab "$@" </dev/null >"$got" 2>&1
	echo "exit=$?" >>"$got"
	compare "$name" "$got"
}

transcript_stdin() {
	name=$1
	shift
	got=$TEST_TMP/$name.got
	iommu_lab "$@" <"$TEST_DIR/$name.in" >"$got" 2>&1
	echo "exit=$?" >>"$got"
	compare "$name" "$got"
}

run_check() {
	name=$1
	shift
	out=$TEST_TMP/check.out
	if "$@" >"$out" 2>&1; then
		ok "$name"
	else
		not_ok "$name"
		tap_comment <"$out"
	fi
}
