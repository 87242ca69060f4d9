#!/bin/sh
# What the console reads: a NUL byte anywhere in input is an error line
# naming it, and nothing on its line runs (scripts, standard input and
# source; a -c argument cannot hold one); and every name a user gives a
# device, domain, VFIO container or DMA mapping follows the one grammar of
# sim/name.h, a bad one refused with one error line that shows it
# printably.  Inputs with control and non-UTF-8 bytes are written here by
# printf, not kept as files.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-unchanged.sh"

plan 11

# in_tmp NAME: NAME.in in the test directory made from standard input.
in_tmp() {
	cat >"$TEST_TMP/$1.in"
}

# run_input NAME HOW: runs $TEST_TMP/NAME.in as a script file (HOW=file)
# or on standard input (HOW=stdin) and compares with NAME.expected.
run_input() {
	got=$TEST_TMP/$1.$2.got
	if [ "$2" = file ]; then
		iommu_lab "$TEST_TMP/$1.in" </dev/null >"$got" 2>&1
	else
		iommu_lab <"$TEST_TMP/$1.in" >"$got" 2>&1
	fi
	echo "exit=$?" >>"$got"
	compare "$1" "$got"
}

# A NUL in the middle of the first line: before the fix the line ended
# there, ovl0 went and ovl1 stayed, and the run said nothing.  Both stay.
# The trace shows which devices went.
printf 'dev del ovl0\000; dev del ovl1\ntrace show device_del\ndev del ovl1\ntrace show device_del\n# \000 in a comment is a NUL too\n' |
	in_tmp t0007-nul
run_input t0007-nul file
run_input t0007-nul stdin
printf 'dev del ovl0\000; dev del ovl1\n' >"$TEST_TMP/nul-source.cmds"
STATE='dev list; group list; trace show'
run_check "source of a line with a NUL runs nothing on it" \
	unchanged_by_file "$TEST_TMP/nul-source.cmds"
# -e stops at the NUL line, as at any failing line
printf 'tick 1ms\ntick\000 1ms\ntick 1ms\n' | in_tmp nul-stop
run_check "-e stops at a line with a NUL" sh -c \
	'[ "$('"$IOMMU_LAB"' -e "$1" 2>&1)" = "time=0.001000
error: NUL byte at column 5: nothing on this line was run" ]' sh "$TEST_TMP/nul-stop.in"

# Names: every kind refused the same way, shown printably (a tab, a byte
# that is not UTF-8, valid UTF-8 as it is); the longest and the oddest
# good names work.
{
	printf '# domains\n'
	printf "domain alloc 'a b' unmanaged\n"
	printf "domain alloc 'a;b' unmanaged\n"
	printf "domain alloc \"it's\" unmanaged\n"
	printf "domain alloc 'tab\there' unmanaged\n"
	printf 'domain alloc bad\377byte unmanaged\n'
	printf 'domain alloc caf\303\251 unmanaged\n'
	printf "domain alloc '' unmanaged\n"
	printf 'domain alloc -x unmanaged\n'
	printf 'domain alloc .x unmanaged\n'
	printf 'domain alloc group:1 unmanaged\n'
	printf 'domain alloc a234567890123456789012345678901x unmanaged\n'
	printf 'domain alloc a234567890123456789012345678901 unmanaged\n'
	printf 'domain alloc _My-dom.2 unmanaged\n'
	printf 'domain list\n'
	printf '# devices from dev add\n'
	printf "dev add 'a b' compatible=foo\n"
	printf 'dev add %%x compatible=foo\n'
	printf 'dev add 0_ok-dev.1 compatible=foo\n'
	printf '# DMA mappings\n'
	printf "dma map ovl0 'm 1' 0x1000\n"
	printf "dma alloc ovl0 'm\"1' 0x1000\n"
	printf "dma map_sg ovl0 'm;1' 0x1000\n"
	printf '# VFIO containers, before the group is looked at for viability\n'
	printf "vfio attach group:0 'container=c 1'\n"
	printf "vfio map 0x100000 0x1000 container=c:1\n"
} | in_tmp t0007-names
run_input t0007-names file

# Each refusal changes nothing.
STATE='dev list; domain list; vfio show; trace show'
run_check "a domain name with a space changes nothing" \
	unchanged_by "domain alloc 'a b' unmanaged"
run_check "a device name starting with % changes nothing" \
	unchanged_by 'dev add %x compatible=foo'
run_check "a mapping name with a quote changes nothing" \
	unchanged_by "dma map ovl0 \"m'1\" 0x1000"
run_check "a container name with a semicolon changes nothing" \
	unchanged_by "vfio attach group:0 'container=c;1'"
printf 'domain alloc x\001y unmanaged\n' >"$TEST_TMP/ctrl.cmds"
run_check "a domain name with a control character changes nothing" \
	unchanged_by_file "$TEST_TMP/ctrl.cmds"
printf 'dev add x\377 compatible=foo\n' >"$TEST_TMP/utf8.cmds"
run_check "a device name that is not UTF-8 changes nothing" \
	unchanged_by_file "$TEST_TMP/utf8.cmds"
exit "$test_failures"
