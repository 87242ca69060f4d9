#!/bin/sh
# "make; make" does nothing the second time.  Checked without building
# anything, so that it cannot race with the make that runs the tests:
#
# - the build tree under test is up to date: `make -q all` exits 0 (make
#   test depends on all, so everything was just made);
# - a build from nothing deletes none of the files it makes: make's dry
#   run of a fresh tree prints make's own "rm FILE..." line when a pattern
#   chain leaves an intermediate file (tests/unit/iova-t.o between iova-t.c
#   and iova-t), and the next make would build that file and what it links
#   into again.  The tree under test cannot show this: its .d files name
#   those objects, so they are no longer intermediate there;
# - the first check can fail: with -W (make pretends the file was just
#   changed, touching nothing) `make -q all` exits 1 for a source of each
#   kind, which also shows that each kind is a prerequisite of what it
#   goes into;
# - a new PREFIX is seen too (make install PREFIX=...): the data
#   directory, PREFIX/share/iommu-lab by the GNUmakefile's default, is
#   compiled into console/boardfile.o alone, so `make -q` exits 1 and the
#   dry run compiles that object, with the new directory, and no other;
# - the project's tree has no shipped object (FILE.o_shipped, which only
#   a lab's handout has: docs/labs.md); in a handout (a HANDOUT file at
#   the top), a change to the objects of each file HANDOUT says is
#   shipped compiled is seen, as a change to a source is.
#
# The inner make gets the variables given to the outer one (O=, SANITIZE=,
# KDIR=, from MAKEFLAGS), not its jobserver, whose pipes it does not have.

. "$(dirname "$0")/lib.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
if [ ! -f "$SRC/GNUmakefile" ] || ! command -v make >/dev/null; then
	echo "1..0 # SKIP no source tree or no make"
	exit 0
fi
# The build tree: the one make test names, else the program's directory.
if [ -n "${IOMMU_LAB_O:-}" ]; then
	O=$IOMMU_LAB_O
else
	O=$(cd "$(dirname "$IOMMU_LAB")" && pwd)
	O=${O#"$SRC"/}
fi
case " ${MAKEFLAGS:-}" in
*" -- "*) make_vars="-- ${MAKEFLAGS#* -- }" ;;
*) make_vars= ;;
esac

# build_make ARGS...: make in the source tree with the outer make's variables.
build_make() {
	(cd "$SRC" && MAKEFLAGS=$make_vars MAKELEVEL= \
		make --no-print-directory O="$O" "$@")
}

# up_to_date: make -q all exits 0; else says what it would remake.
up_to_date() {
	build_make -q all && return 0
	echo "make -q all exited $?; make would remake:"
	build_make -q --debug=b all 2>&1 |
		grep -E "newer than|does not exist|needs to be remade" |
		grep -v -e "'all'" -e "'libs-ok'"
	return 1
}
run_check "the build tree $O is up to date (make -q all)" up_to_date

# fresh_keeps_all: the dry run of a fresh build deletes nothing.  The
# kernel module is left out (KDIR=): its recipe runs Kbuild even in a
# dry run, and it has no pattern chain.
fresh_keeps_all() {
	build_make -n O="$TEST_TMP/fresh" KDIR= all >"$TEST_TMP/dry" 2>&1 ||
		{ cat "$TEST_TMP/dry"; return 1; }
	if grep '^rm [^-]' "$TEST_TMP/dry" >"$TEST_TMP/rm"; then
		echo "a fresh build deletes files it made:"
		cut -c 1-300 "$TEST_TMP/rm"
		return 1
	fi
	[ ! -e "$TEST_TMP/fresh" ] || { echo "the dry run made $TEST_TMP/fresh"; return 1; }
}
run_check "a fresh build deletes none of the files it makes" fresh_keeps_all

# out_of_date FILE: make -q all exits 1 once FILE has changed.
out_of_date() {
	build_make -q -W "$1" all
	status=$?
	[ "$status" -eq 1 ] || { echo "make -q -W $1 all exited $status, not 1"; return 1; }
}
for f in sim/base/clock.c sim/include/sim/sim.h console/main.c \
	tests/unit/iova-t.c bench/dma-map-sg.c sim/boards/include/mt8173-larb-port.h \
	sim/boards/q35-vtd.dts tests/fixtures/of-small.dts scripts/dtc-board; do
	run_check "a change to $f is seen (make -q -W $f all exits 1)" out_of_date "$f"
done

# shipped_seen FILE.c: make -q all exits 1 once FILE's objects have
# changed, whichever of them this build takes.
shipped_seen() {
	obj=${1%.c}
	build_make -q -W "$obj.o_shipped" -W "$obj.san.o_shipped" -W "$obj.fuzz.o_shipped" all
	status=$?
	[ "$status" -eq 1 ] || { echo "make -q -W $obj.*o_shipped all exited $status, not 1"; return 1; }
}
if [ -f "$SRC/HANDOUT" ]; then
	for f in $(sed -n 's/^shipped //p' "$SRC/HANDOUT"); do
		run_check "a change to $f's shipped objects is seen" shipped_seen "$f"
	done
else
	no_shipped() {
		(cd "$SRC" && find . -path ./.git -prune -o -name '*.o_shipped' -print) >"$TEST_TMP/shipped"
		[ ! -s "$TEST_TMP/shipped" ] || { echo "shipped objects:"; cat "$TEST_TMP/shipped"; return 1; }
	}
	run_check "the project's tree has no shipped object" no_shipped
fi

# A PREFIX the build tree was not made with.
NEW_PREFIX=/nonexistent/iommu-lab-t0900

new_prefix_seen() {
	build_make -q PREFIX="$NEW_PREFIX" all
	status=$?
	[ "$status" -eq 1 ] || { echo "make -q PREFIX=$NEW_PREFIX all exited $status, not 1"; return 1; }
}
run_check "a new PREFIX is seen (make -q PREFIX=... all exits 1)" new_prefix_seen

# new_prefix_rebuilds: the dry run with the new PREFIX compiles
# console/boardfile.o, with the new data directory, and nothing else.
new_prefix_rebuilds() {
	build_make -n KDIR= PREFIX="$NEW_PREFIX" all >"$TEST_TMP/dry" 2>&1 ||
		{ cat "$TEST_TMP/dry"; return 1; }
	grep -e ' -c -o ' "$TEST_TMP/dry" >"$TEST_TMP/cc"
	datadir="-DIOMMU_LAB_DATADIR='\"$NEW_PREFIX/share/iommu-lab\"'"
	if [ ! -s "$TEST_TMP/cc" ] ||
		grep -v -e " -c -o $O/console/boardfile\.o " "$TEST_TMP/cc" >/dev/null ||
		grep -v -F -e "$datadir" "$TEST_TMP/cc" >/dev/null; then
		echo "expected compiles of $O/console/boardfile.o only, with $datadir; got:"
		cut -c 1-300 "$TEST_TMP/cc"
		return 1
	fi
}
run_check "a new PREFIX rebuilds console/boardfile.o, with the new data directory, and no other object" \
	new_prefix_rebuilds

plan $test_count
exit $test_failures
