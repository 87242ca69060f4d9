#!/bin/sh
# make grade-all (labs/labs.mk, grader combine, docs/labs.md "Grading the
# whole course"): every lab of labs/ graded for one submission directory,
# the course summary "NAME SCORE/MAX" a line per lab and "total", and one
# results.json.
#
# 1. A directory holding every lab's reference files: each lab at full
#    marks, its points the sum of its manifest's "test" rows (counted here
#    with awk, not by the grader), the total their sum; exit status 0;
#    results.json's score is the total and it has a test entry for each
#    manifest row.
# 2. The same directory with lab 02's mtk_iommu_probe_device.c replaced by
#    its mutant no-link.c ("Fails: larb-link larb-power release") and lab
#    03's mtk_iommu_attach_dev.c taken away.  By hand, from the manifests:
#      01-groups          10 + 6 x 15                          = 100/100
#      02-probe-ordering  100 - (larb-link 10 + larb-power 10
#                               + release 10)                   =  70/100
#      03-attach          no file: not built, every test 0      =   0/100
#      total              100 + 70 + 0                          = 170/300
#    and a non-zero exit status.
# Skipped when the tree has not those three labs, or no make, and on a
# sanitized build (grading runs the normal build: make check's
# check-graders, docs/labs.md).

. "$(dirname "$0")/lib.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
O=$(cd "$(dirname "$IOMMU_LAB")" && pwd)
if ! command -v make >/dev/null 2>&1 || [ ! -x "$O/grader/grader" ] ||
   [ ! -r "$SRC/labs/01-groups/manifest" ] || [ ! -r "$SRC/labs/02-probe-ordering/manifest" ] ||
   [ ! -r "$SRC/labs/03-attach/manifest" ]; then
	echo "1..0 # SKIP needs make, the grader and labs 01-03"
	exit 0
fi
if grep -Eqa '__(asan|ubsan)_' "$IOMMU_LAB"; then
	echo "1..0 # SKIP a sanitized build: grading runs the normal one"
	exit 0
fi
plan 6

# A make of its own, not a job of the make that may be running the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL
cd "$SRC" || exit 1

# grade_all DIR RESULTS: the course summary's lines; $status its exit status.
grade_all() {
	make --no-print-directory O="$O" GRADE_ALL_DIR="$TEST_TMP/grade" grade-all \
		SUBMISSION="$1" GRADE_RESULTS="$2" >"$TEST_TMP/out" 2>&1
	status=$?
	sed -n '/^== the course ==$/,$p' "$TEST_TMP/out" | grep -v '^make'
}

ref=$TEST_TMP/ref
mkdir -p "$ref"
for lab in labs/*/manifest; do
	cp -L "$(dirname "$lab")"/solution/* "$ref/"
done

# What the summary must say for full marks, from the manifests alone.
awk '
	FNR == 1 { n = split(FILENAME, p, "/"); lab = p[n - 1]; names[++labs] = lab }
	$1 == "test" { max[lab] += $3; total += $3 }
	END {
		print "== the course =="
		for (i = 1; i <= labs; i++)
			printf "%-24s %3u/%u\n", names[i], max[names[i]], max[names[i]]
		printf "%-24s %3u/%u\n", "total", total, total
	}' labs/*/manifest >"$TEST_TMP/want-full"
rows=$(cat labs/*/manifest | awk '$1 == "test"' | wc -l)
total=$(tail -1 "$TEST_TMP/want-full" | awk '{ sub("/.*", "", $2); print $2 }')

grade_all "$ref" "$TEST_TMP/ref.json" >"$TEST_TMP/got-full"
if cmp -s "$TEST_TMP/want-full" "$TEST_TMP/got-full"; then
	ok "every lab's reference: full marks for each lab and the total"
else
	not_ok "every lab's reference: full marks for each lab and the total"
	diff "$TEST_TMP/want-full" "$TEST_TMP/got-full" | tap_comment
	tail -20 "$TEST_TMP/out" | tap_comment
fi
if [ $status -eq 0 ]; then
	ok "full marks: exit status 0"
else
	not_ok "full marks: exit status 0 (got $status)"
fi
if grep -q "^  \"score\":$total,\$" "$TEST_TMP/ref.json" &&
   [ "$(grep -c '^      "number":' "$TEST_TMP/ref.json")" = "$rows" ]; then
	ok "results.json: the total score and a test for each of the $rows manifest rows"
else
	not_ok "results.json: the total score and a test for each of the $rows manifest rows"
	head -3 "$TEST_TMP/ref.json" | tap_comment
fi

sub=$TEST_TMP/sub
mkdir -p "$sub"
cp "$ref"/* "$sub/"
cp labs/02-probe-ordering/mutants/no-link.c "$sub/mtk_iommu_probe_device.c"
rm "$sub/mtk_iommu_attach_dev.c"
grade_all "$sub" "" >"$TEST_TMP/got-mutant"
for line in "01-groups 100/100" "02-probe-ordering 70/100" "03-attach 0/100"; do
	set -- $line
	grep -Eq "^$1 +$2\$" "$TEST_TMP/got-mutant" || bad="$bad [$line]"
done
if [ -z "$bad" ]; then
	ok "lab 02's no-link mutant loses 30, lab 03 with no file 100"
else
	not_ok "lab 02's no-link mutant loses 30, lab 03 with no file 100"
	echo "missing:$bad" | tap_comment
	cat "$TEST_TMP/got-mutant" | tap_comment
fi
# With more labs than these three, each of the others keeps its full marks.
want=$((total - 30 - 100))
if grep -Eq "^total +$want/$total\$" "$TEST_TMP/got-mutant"; then
	ok "the total drops by 130 to $want/$total"
else
	not_ok "the total drops by 130 to $want/$total"
	tail -1 "$TEST_TMP/got-mutant" | tap_comment
fi
if [ $status -ne 0 ]; then
	ok "below full marks: a non-zero exit status"
else
	not_ok "below full marks: a non-zero exit status"
fi
exit $test_failures
