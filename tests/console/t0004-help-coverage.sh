#!/bin/sh
# Every command in the table has a one-line meaning and a worked example
# (`help COMMAND`), and at least one test runs it: a line of some .in
# script, or a -c string of some test, that starts with its name.

. "$(dirname "$0")/lib.sh"

plan 2

names=$TEST_TMP/names
iommu_lab -c help | grep -v '^ ' |
	sed -E 's/  +.*//' |
	awk '{ n = ""; for (i = 1; i <= NF && i <= 2; i++) { if ($i !~ /^[a-z0-9_]+$/) break; n = (n == "" ? $i : n " " $i) } print n }' |
	sort -u >"$names"

missing=$TEST_TMP/missing
: >"$missing"
while read -r name; do
	out=$(iommu_lab -c "help $name" 2>&1)
	case $out in
	*"example: "*) ;;
	*) echo "no example: $name" >>"$missing" ;;
	esac
done <"$names"
if [ -s "$names" ] && [ ! -s "$missing" ]; then
	ok "every command has help text and an example"
else
	not_ok "every command has help text and an example"
	tap_comment <"$missing"
fi

: >"$missing"
while read -r name; do
	# A script line, or a -c '...' / STATE='...' string, starting with it.
	if ! cat "$TEST_DIR"/*.in "$TEST_DIR"/*.sh |
		sed -E "s/^.*-c '//; s/^.*-c //; s/^.*STATE='//; s/; */\n/g" |
		grep -Eq "^[[:space:]]*$name( |\$|')"; then
		echo "never run by a test: $name" >>"$missing"
	fi
done <"$names"
if [ -s "$names" ] && [ ! -s "$missing" ]; then
	ok "every command is run by some test"
else
	not_ok "every command is run by some test"
	tap_comment <"$missing"
fi
exit $test_failures
