#!/bin/sh
# docs/labs.md's "The course" table against labs/: a row for each lab
# folder labs/NN-name/ and a folder for each row; in each row the files
# the manifest names, the points the sum of its "test" rows, the kernel
# tests those whose script has "# machine: q35" ("none" when none), and
# prerequisites that are labs of the table; the total row the sum of the
# points.  Keeps the table from drifting as labs come.

. "$(dirname "$0")/lib.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
cd "$SRC" || exit 1
plan 2

# The table's rows, "NN|name|writes|prerequisites|points|time|kernel", trimmed.
sed -n '/^## The course$/,/^## /p' docs/labs.md |
	awk -F'|' 'NF >= 9 && $2 !~ /Lab|---/ {
		line = ""
		for (i = 2; i <= 8; i++) {
			f = $i
			gsub(/^ +| +$/, "", f)
			line = line (i > 2 ? "|" : "") f
		}
		print line
	}' >"$TEST_TMP/rows"

bad=
total=0
for manifest in labs/*/manifest; do
	dir=${manifest%/manifest}
	lab=${dir#labs/}
	nn=${lab%%-*}
	name=${lab#*-}
	row=$(awk -F'|' -v nn="$nn" -v name="$name" '$1 == nn && $2 == name' "$TEST_TMP/rows")
	if [ -z "$row" ]; then
		bad="$bad [$lab: no row]"
		continue
	fi
	points=$(awk '$1 == "test" { p += $3 } END { print p + 0 }' "$manifest")
	total=$((total + points))
	got=$(echo "$row" | cut -d'|' -f5)
	[ "$got" = "$points" ] || bad="$bad [$lab: points $got, the manifest's $points]"
	writes=$(echo "$row" | cut -d'|' -f3)
	for f in $(sed -n 's/^[[:space:]]*file[[:space:]]\{1,\}\([^[:space:]#]\{1,\}\).*/\1/p' "$manifest"); do
		case $writes in
		*"\`$f\`"*) ;;
		*) bad="$bad [$lab: $f not in the row]" ;;
		esac
	done
	kernel=$(grep -l '^# machine: q35' "$dir"/tests/*/*.cmds 2>/dev/null |
		sed 's|.*/||; s|\.cmds$||' | sort | paste -sd, - | sed 's/,/, /g')
	got=$(echo "$row" | cut -d'|' -f7)
	[ "$got" = "${kernel:-none}" ] || bad="$bad [$lab: kernel tests \"$got\", the scripts' \"${kernel:-none}\"]"
done
# Each row a lab folder, each prerequisite a row.
while IFS='|' read -r nn name writes pre rest; do
	[ -z "$nn" ] && continue
	[ -r "labs/$nn-$name/manifest" ] || bad="$bad [row $nn $name: no labs/$nn-$name/manifest]"
	for p in $(echo "$pre" | tr ',' ' '); do
		[ "$p" = none ] || awk -F'|' -v p="$p" '$1 == p { f = 1 } END { exit !f }' \
			"$TEST_TMP/rows" || bad="$bad [row $nn: prerequisite $p is no lab]"
	done
done <"$TEST_TMP/rows"
if [ -z "$bad" ] && [ -s "$TEST_TMP/rows" ]; then
	ok "docs/labs.md lists every lab, with its manifest's files, points and kernel tests"
else
	not_ok "docs/labs.md lists every lab, with its manifest's files, points and kernel tests"
	echo "${bad:- no table under \"## The course\"}" | tap_comment
fi

got=$(awk -F'|' '$1 == "" && $2 == "total" { print $5 }' "$TEST_TMP/rows")
if [ "$got" = "$total" ]; then
	ok "the course's total is the labs' points, $total"
else
	not_ok "the course's total is the labs' points, $total (the table says \"$got\")"
fi
exit $test_failures
