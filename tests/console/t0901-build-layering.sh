#!/bin/sh
# The layering check, scripts/layering-check (docs/architecture.md): the
# build's objects pass it, with only the uses scripts/layering.known
# lists; and the same script, run on a copy of the build's layout (links
# to its objects) with one small object added, fails on an upward call,
# an upward use of data, a call into check from below the machine, an
# upward include of a layer's own header or of a shared one, a shared
# header in no layer, a driver's use of hw, an object in no layer and a
# known use that is gone, and passes a downward call and a listed one.
#
# make test names the objects the build makes ($IOMMU_LAB_OBJS); run by
# hand, the check reads every object of the program's build tree.

. "$(dirname "$0")/lib.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
CHECK=$SRC/scripts/layering-check
O=$(cd "$(dirname "$IOMMU_LAB")" && pwd)
if ! command -v "${NM:-nm}" >/dev/null || ! command -v "${CC:-cc}" >/dev/null; then
	echo "1..0 # SKIP no nm or no C compiler"
	exit 0
fi
# $IOMMU_LAB_OBJS is split into words on purpose: one object each
# shellcheck disable=SC2086
set -- ${IOMMU_LAB_OBJS:-}
objects=$*
[ -n "$objects" ] || objects=$(cd "$O" && find sim console -name '*.o' | LC_ALL=C sort)

# The build's own objects: only known uses.
tree_passes() {
	"$CHECK" -C "$O" $objects >"$TEST_TMP/out" 2>&1
	status=$?
	[ "$status" -eq 0 ] || { echo "exit $status:"; cat "$TEST_TMP/out"; return 1; }
	tail -n 1 "$TEST_TMP/out"
	grep -q '^layering: [0-9]* objects, [0-9]* known, 0 violations, 0 stale$' "$TEST_TMP/out" ||
		{ cat "$TEST_TMP/out"; return 1; }
}
run_check "the build's objects use no higher layer but the known uses" tree_passes

# The fixture: the build's layout, each object and its make dependencies
# a link to the built ones.
TREE=$TEST_TMP/tree
added=
for o in $objects; do
	mkdir -p "$TREE/$(dirname "$o")" && ln -s "$O/$o" "$TREE/$o" || exit 1
	[ ! -f "$O/${o%.o}.d" ] || ln -s "$O/${o%.o}.d" "$TREE/${o%.o}.d" || exit 1
done

# with_object PATH C-SOURCE: compiles C-SOURCE to $TREE/PATH, for one check.
with_object() {
	mkdir -p "$TREE/$(dirname "$1")" &&
		printf '%s\n' "$2" | ${CC:-cc} -c -x c -o "$TREE/$1" - || return 1
	added=$1
}
# check_tree [-k KNOWN]: the real check on the fixture and the added object.
check_tree() {
	"$CHECK" -C "$TREE" "$@" $objects $added >"$TEST_TMP/out" 2>&1
	status=$?
	[ -z "$added" ] || rm -f "$TREE/$added" "$TREE/${added%.o}.d"
	added=
	return 0
}
# expect STATUS PATTERN: the check exited STATUS and printed one line
# matching PATTERN, a grep -E pattern.
expect() {
	if [ "$status" -ne "$1" ] || [ "$(grep -c -E "$2" "$TEST_TMP/out")" -ne 1 ]; then
		echo "expected exit $1 and one line matching: $2"
		echo "got exit $status:"
		cat "$TEST_TMP/out"
		return 1
	fi
}

# hw calls the IOMMU core's iommu_map: hw is below iommu.
upward_call() {
	with_object sim/hw/zz-upcall.o \
		'void iommu_map(void); void zz_upcall(void) { iommu_map(); }' || return 1
	check_tree
	expect 1 '^violation: sim/hw/zz-upcall\.o uses iommu_map from iommu \(sim/iommu/[^ ]*\.o\); hw may use base of$' &&
		expect 1 '^layering: .* 1 violations, 0 stale$'
}
run_check "an upward call (hw -> iommu) fails the check, one line naming it" upward_call

# of reads core's platform_bus_type: data counts as well as calls.
upward_data() {
	with_object sim/of/zz-updata.o \
		'extern char platform_bus_type[]; void *zz_updata(void) { return platform_bus_type; }' ||
		return 1
	check_tree
	expect 1 '^violation: sim/of/zz-updata\.o uses platform_bus_type from core \(sim/core/[^ ]*\.o\); of may use base$'
}
run_check "an upward use of data (of -> core) fails the check" upward_data

# core runs the checks: only the machine and the console may.
into_check() {
	with_object sim/core/zz-check.o \
		'void sim_check_run(void); void zz_check(void) { sim_check_run(); }' || return 1
	check_tree
	expect 1 '^violation: sim/core/zz-check\.o uses sim_check_run from check \(sim/check/[^ ]*\.o\); core may use base of hw$'
}
run_check "a call into check from below the machine fails the check" into_check

# hw includes a driver's own header, as make's dependencies (-MMD -MP)
# say: no symbol, a use all the same.
upward_include() {
	with_object sim/hw/zz-inc.o 'int zz_inc;' || return 1
	printf '%s\n' 'build/sim/hw/zz-inc.o: sim/hw/zz-inc.c sim/include/sim/types.h \' \
		' sim/hw/../drivers/vtd.h' '' 'sim/include/sim/types.h:' '' \
		'sim/hw/../drivers/vtd.h:' >"$TREE/sim/hw/zz-inc.d"
	check_tree
	expect 1 '^violation: sim/hw/zz-inc\.o includes sim/drivers/vtd\.h from drivers; hw may use base of$'
}
run_check "a higher layer's own header (hw includes drivers/vtd.h) fails the check" upward_include

# hw includes the driver core's shared header, sim/include/sim/device.h,
# which the rules' "headers" rows give to core.
upward_shared_include() {
	with_object sim/hw/zz-incdev.o 'int zz_incdev;' || return 1
	printf '%s\n' 'build/sim/hw/zz-incdev.o: sim/hw/zz-incdev.c sim/include/sim/types.h \' \
		' sim/include/sim/device.h' '' 'sim/include/sim/types.h:' '' \
		'sim/include/sim/device.h:' >"$TREE/sim/hw/zz-incdev.d"
	check_tree
	expect 1 '^violation: sim/hw/zz-incdev\.o includes sim/include/sim/device\.h from core; hw may use base of$' &&
		expect 1 '^layering: .* 1 violations, 0 stale$'
}
run_check "a higher layer's shared header (hw includes sim/device.h) fails the check" \
	upward_shared_include

# A shared header the rules give to no layer.
header_no_layer() {
	with_object sim/core/zz-newhdr.o 'int zz_newhdr;' || return 1
	printf '%s\n' 'build/sim/core/zz-newhdr.o: sim/core/zz-newhdr.c sim/include/sim/zz-new.h' \
		'' 'sim/include/sim/zz-new.h:' >"$TREE/sim/core/zz-newhdr.d"
	check_tree
	expect 1 '^error: sim/include/sim/zz-new\.h is in no layer of layering\.rules$'
}
run_check "a shared header in no layer fails the check" header_no_layer

# A driver reads simulated RAM through the memory model: drivers reach
# hardware only through the kernel's API.
driver_uses_hw() {
	with_object sim/drivers/zz-hw.o \
		'void sim_mem_read32(void); void zz_hw(void) { sim_mem_read32(); }' || return 1
	check_tree
	expect 1 '^violation: sim/drivers/zz-hw\.o uses sim_mem_read32 from hw \(sim/hw/[^ ]*\.o\); drivers may use base of core iommu$'
}
run_check "a driver's use of a hardware model (drivers -> hw) fails the check" driver_uses_hw

# drivers call iommu_map: downward, allowed.
downward_call() {
	with_object sim/drivers/zz-down.o \
		'void iommu_map(void); void zz_down(void) { iommu_map(); }' || return 1
	check_tree
	expect 0 '^layering: .* 0 violations, 0 stale$'
}
run_check "a downward call (drivers -> iommu) passes" downward_call

# The upward call of before, listed as known: passes, reported as known.
listed_call() {
	cp "$SRC/scripts/layering.known" "$TEST_TMP/known" &&
		echo 'sim/hw/zz-upcall.o iommu_map listed by t0901' >>"$TEST_TMP/known" || return 1
	with_object sim/hw/zz-upcall.o \
		'void iommu_map(void); void zz_upcall(void) { iommu_map(); }' || return 1
	check_tree -k "$TEST_TMP/known"
	expect 0 '^known: sim/hw/zz-upcall\.o uses iommu_map from iommu '
}
run_check "a listed upward call is reported as known and passes" listed_call

# A listed use that does not happen: the list may only shrink.
stale_entry() {
	cp "$SRC/scripts/layering.known" "$TEST_TMP/known" &&
		echo 'sim/hw/hw.o iommu_map a use hw.o does not make' >>"$TEST_TMP/known" || return 1
	check_tree -k "$TEST_TMP/known"
	expect 1 '^stale: sim/hw/hw\.o iommu_map is in known but no longer used; remove its line$'
}
run_check "a known use that is gone fails the check" stale_entry

# An object in a directory no rule names.
no_layer() {
	with_object sim/newlayer/zz.o 'int zz_nolayer;' || return 1
	check_tree
	expect 1 '^error: sim/newlayer/zz\.o is in no layer of layering\.rules$'
}
run_check "an object in no layer fails the check" no_layer

plan $test_count
exit $test_failures
