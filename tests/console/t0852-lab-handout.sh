#!/bin/sh
# make handout and make autograder (scripts/lab-handout, lab-autograder,
# docs/labs.md): what a lab's tarball and Gradescope zip hold, and what
# they leave out, on labs/01-groups.
#
# The handout: the project's tracked files under iommu-lab-01-groups/,
# without any lab's solution/, hidden tests or mutants; the lab's manifest
# without its hidden rows; sim/drivers/FILE a link to the lab's starter,
# for each file the manifest names.  The autograder zip: setup.sh and
# run_autograder at the top, the tree under iommu-lab/ with the hidden
# tests, without solution/ or mutants; run_autograder grades the lab with
# make grade on /autograder/submission and falls back to a results.json
# of its own.  Skipped outside a git checkout, or without zip.

. "$(dirname "$0")/lib.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
LAB=labs/01-groups
if ! git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1 || ! command -v zip >/dev/null 2>&1 ||
   [ ! -r "$SRC/$LAB/manifest" ]; then
	echo "1..0 # SKIP needs the project's git checkout, zip and $LAB"
	exit 0
fi
plan 8

cd "$SRC" || exit 1
tarball=$TEST_TMP/handout.tar.gz
"$SRC/scripts/lab-handout" "$LAB" "$tarball" >/dev/null 2>"$TEST_TMP/err" ||
	{ cat "$TEST_TMP/err" | tap_comment; }
tar tzf "$tarball" >"$TEST_TMP/list" 2>/dev/null
mkdir -p "$TEST_TMP/x"
tar xzf "$tarball" -C "$TEST_TMP/x" 2>/dev/null
root=$TEST_TMP/x/iommu-lab-01-groups

if [ -s "$TEST_TMP/list" ] && ! grep -Eq '^[^/]+/labs/[^/]+/(solution|mutants|tests/hidden)/.' "$TEST_TMP/list"; then
	ok "the handout holds no lab's solution, mutants or hidden tests"
else
	not_ok "the handout holds no lab's solution, mutants or hidden tests"
	grep -E 'solution|mutants|hidden' "$TEST_TMP/list" | head | tap_comment
fi
want=$(awk '$1 == "test" && $4 == "public" { print $2 }' "$LAB/manifest" | sort)
got=$(awk '$1 == "test" { print $2 }' "$root/$LAB/manifest" 2>/dev/null | sort)
if [ -n "$want" ] && [ "$want" = "$got" ]; then
	ok "the handout's manifest has the public tests, and only those"
else
	not_ok "the handout's manifest has the public tests, and only those"
	echo "public: $(echo $want); handout: $(echo $got)" | tap_comment
fi
bad=
for f in $(sed -n 's/^file[[:space:]]\{1,\}\([^[:space:]]\{1,\}\).*/\1/p' "$LAB/manifest"); do
	link=$(readlink "$root/sim/drivers/$f")
	[ "$link" = "../../$LAB/$f" ] || bad="$bad $f->${link:-not a link}"
	cmp -s "$root/sim/drivers/$f" "$LAB/$f" || bad="$bad $f:not-the-starter"
done
if [ -z "$bad" ]; then
	ok "sim/drivers/ links each of the lab's files to its starter"
else
	not_ok "sim/drivers/ links each of the lab's files to its starter"
	echo "$bad" | tap_comment
fi
if [ -f "$root/README.md" ] && [ -f "$root/GNUmakefile" ] && [ -f "$root/$LAB/README.md" ]; then
	ok "the handout holds the tree and the lab's handout"
else
	not_ok "the handout holds the tree and the lab's handout"
fi

zipfile=$TEST_TMP/autograder.zip
"$SRC/scripts/lab-autograder" "$LAB" "$zipfile" >/dev/null 2>"$TEST_TMP/err" ||
	{ cat "$TEST_TMP/err" | tap_comment; }
unzip -Z1 "$zipfile" >"$TEST_TMP/zlist" 2>/dev/null
if grep -qx setup.sh "$TEST_TMP/zlist" && grep -qx run_autograder "$TEST_TMP/zlist"; then
	ok "the autograder has setup.sh and run_autograder at its top"
else
	not_ok "the autograder has setup.sh and run_autograder at its top"
fi
hidden=$(awk '$1 == "test" && $4 == "hidden" { print $2 }' "$LAB/manifest")
missing=
for h in $hidden; do
	grep -qx "iommu-lab/$LAB/tests/hidden/$h.cmds" "$TEST_TMP/zlist" || missing="$missing $h"
done
if [ -n "$hidden" ] && [ -z "$missing" ]; then
	ok "the autograder holds the hidden tests"
else
	not_ok "the autograder holds the hidden tests"
	echo "missing:$missing" | tap_comment
fi
if [ -s "$TEST_TMP/zlist" ] && ! grep -Eq '^iommu-lab/labs/[^/]+/(solution|mutants)/.' "$TEST_TMP/zlist"; then
	ok "the autograder holds no solution or mutants"
else
	not_ok "the autograder holds no solution or mutants"
fi
unzip -p "$zipfile" run_autograder >"$TEST_TMP/run" 2>/dev/null
if grep -q 'make grade LAB=01 SUBMISSION=/autograder/submission GRADE_RESULTS=' "$TEST_TMP/run" &&
   grep -q '"score": 0' "$TEST_TMP/run" && sh -n "$TEST_TMP/run"; then
	ok "run_autograder grades the submission and always leaves a results.json"
else
	not_ok "run_autograder grades the submission and always leaves a results.json"
fi
[ "$test_failures" -eq 0 ]
