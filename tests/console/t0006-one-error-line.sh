#!/bin/sh
# Every failing command prints exactly one error line (CONSOLE.md), also
# when more than one of its arguments is wrong: `vfio attach group:9x foo`
# once printed one line for the group and another for the container.
#
# The commands and their argument specs come from `help`, so a new
# command is covered without touching this file.  Each command runs on a
# fresh mt8173-evb: once with every argument of its spec bad ("9x"), then
# once for each argument, that one bad and the others good (GOOD below),
# and once with one argument too many.  A run that exits 1 must have
# printed one line, starting "error: ", on standard error; a run that
# exits 0 none; any other status is a failure too.

. "$(dirname "$0")/lib.sh"

BAD=9x
# spec words such as [n] are not file patterns
set -f

# good WORD CMD: a value that suits the spec word WORD of CMD on mt8173-evb.
good() {
	case $1 in
	'<dev>'|'<dev>|group:<id>') echo ovl0 ;;
	'<domain>') echo dom0 ;;
	'<group>') echo group:0 ;;
	'<name>') echo n1 ;;
	'<type>') echo unmanaged ;;
	'<iova>') echo 0x100000 ;;
	'<pa>') echo 0x40100000 ;;
	'<size>'|'<size[@offset]>'|'<len[@offset]>...') echo 0x1000 ;;
	'<len>') echo 0x10 ;;
	'<addr>') echo 0x10205000 ;;
	'<value>') echo 1 ;;
	'<driver>') echo mtk-iommu ;;
	'<setting>') echo iommu.strict ;;
	'<era>') echo v6.2 ;;
	'<file>') [ "$2" = source ] && echo /dev/null || echo "$TEST_TMP/picture.dot" ;;
	'<line>') echo dev ;;
	'<board|file.dts|file.dtb>') echo t0002-tiny.dts ;;
	'[command...]') echo attach ;;
	'[n]'|'[size]') echo 4 ;;
	'[duration]') echo 1ms ;;
	'[iova]') echo 0x100000 ;;
	'[iommu]') echo iommu ;;
	'[r|w|rw]') echo rw ;;
	'[nosync]') echo nosync ;;
	'[to|from|bidi]') echo to ;;
	'[port=<n>]') echo port=0 ;;
	'[byte=<v>]') echo byte=1 ;;
	'[container=<name>]') echo container=c1 ;;
	'[iommu=<iommu>]') echo iommu=iommu ;;
	'[--no-drivers]') echo --no-drivers ;;
	'compatible=<str>') echo compatible=foo ;;
	'[iommus=<iommu>:<id>[,<id>...]]') echo iommus=iommu:1 ;;
	'[larb=<larb>]') echo larb=larb0 ;;
	'[bus=platform|pci]') echo bus=platform ;;
	'dma-mask|max-seg|seg-boundary'|'dma-mask|max-seg|seg-boundary|driver_override') echo dma-mask ;;
	'[event|key=value...]') echo map ;;
	*) echo "$BAD" ;;
	esac
}

# one_line CMDLINE: runs it; prints what is wrong, if anything.
one_line() {
	iommu_lab -c "$1" >/dev/null 2>"$TEST_TMP/err" </dev/null
	status=$?
	lines=$(wc -l <"$TEST_TMP/err")
	case $status in
	0) [ "$lines" -eq 0 ] || { echo "'$1' succeeded with $lines error lines:"; cat "$TEST_TMP/err"; } ;;
	1) [ "$lines" -eq 1 ] && grep -q '^error: ' "$TEST_TMP/err" ||
		{ echo "'$1' failed with $lines error lines:"; cat "$TEST_TMP/err"; } ;;
	*) echo "'$1' exited $status:"; cat "$TEST_TMP/err" ;;
	esac
}

# A command's name is its words before the first that starts with < or [
# or holds = or |; the rest of the row before the description is its spec.
iommu_lab -c help 2>&1 | awk '/^[^ ]/ { sub(/  +.*/, ""); print }' >"$TEST_TMP/rows"
[ -s "$TEST_TMP/rows" ] || { echo "1..0 # SKIP help printed nothing"; exit 1; }
plan "$(wc -l <"$TEST_TMP/rows")"

while IFS= read -r row; do
	# shellcheck disable=SC2086
	set -- $row
	name=
	while [ $# -gt 0 ]; do
		case $1 in
		'<'*|'['*|*'='*|*'|'*) break ;;
		esac
		name="$name${name:+ }$1"
		shift
	done
	spec="$*"
	out=$TEST_TMP/wrong
	: >"$out"
	runs=0
	if [ -n "$spec" ]; then
		all=
		for w in $spec; do all="$all $BAD"; done
		one_line "$name$all" >>"$out"
		runs=$((runs + 1))
		i=0
		for bad in $spec; do
			i=$((i + 1))
			line=$name j=0
			for w in $spec; do
				j=$((j + 1))
				if [ "$j" -eq "$i" ]; then
					line="$line $BAD"
				else
					line="$line $(good "$w" "$name")"
				fi
			done
			one_line "$line" >>"$out"
			runs=$((runs + 1))
		done
	fi
	# one more argument than the spec has room for (none past "...")
	case $spec in
	*...*) ;;
	*)
		line=$name
		for w in $spec; do line="$line $(good "$w" "$name")"; done
		one_line "$line $BAD $BAD" >>"$out"
		runs=$((runs + 1)) ;;
	esac
	if [ -s "$out" ]; then
		not_ok "$name: at most one error line in each of $runs runs"
		tap_comment <"$out"
	else
		ok "$name: at most one error line in each of $runs runs"
	fi
done <"$TEST_TMP/rows"
exit "$test_failures"
