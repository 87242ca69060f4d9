#!/bin/sh
# make handout and make autograder (scripts/lab-handout, lab-autograder,
# docs/labs.md): what a lab's tarball and Gradescope zip hold, and what
# they leave out, on labs/01-groups.
#
# The handout: the project's tracked files under iommu-lab-01-groups/,
# without any lab's solution/, hidden tests or mutants; the lab's manifest
# without its hidden rows; sim/drivers/FILE a link to the lab's starter,
# for each file the manifest names.  Every other lab's C files (each lab
# of labs/ with a manifest) are there as objects only: no file of the
# handout has the bytes of one of their sources, and each has its
# FILE.o_shipped and FILE.san.o_shipped (FILE.fuzz.o_shipped with clang),
# with no debugging information; the same tree gives the same objects
# (a second handout).  HANDOUT names the lab and those files.  The
# handout builds: make grade LAB=01 gives the starter 0 and the reference
# (the main tree's file copied into the lab's folder) full marks, and
# make check says it is the project's suite and stops.  With kernel
# headers (make test gives KERNEL_LAB_KDIR), the handout also has
# FILE.kernel.o_shipped for each of those files kernel-lab's M4U module
# builds, defining the functions the file does, and its kernel-lab builds with
# them.  A lab with an answers file and C files (labs/05-predict), whose
# answer tests must run on its reference: its handout (no kernel objects)
# has each of its C files' reference as NAME.ref.o_shipped only, no file
# with the bytes of their sources, and a `reference` line in HANDOUT for
# each; its make grade, on the starter's C files and the solution's
# answers, passes every answer test and fails every other.  The
# autograder zip: setup.sh and
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
plan 20

cd "$SRC" || exit 1
tarball=$TEST_TMP/handout.tar.gz
KDIR=${KERNEL_LAB_KDIR:-}
[ -n "$KDIR" ] && [ -f "$KDIR/Makefile" ] || KDIR=
KDIR=$KDIR "$SRC/scripts/lab-handout" "$LAB" "$tarball" >/dev/null 2>"$TEST_TMP/err" ||
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

# The other labs' C files, as sim/LAYER/NAME.c of this tree.
others=
for m in labs/*/manifest; do
	[ "$m" = "$LAB/manifest" ] && continue
	for f in $(sed -n 's/^file[[:space:]]\{1,\}\([^[:space:]]\{1,\}\.c\)[[:space:]]*$/\1/p' "$m"); do
		others="$others $(git ls-files "sim/*/$f")"
	done
done
(cd "$root" && find . -type f -exec cksum {} +) | awk '{ print $1, $2 }' >"$TEST_TMP/sums"
bad=
for f in $others; do
	grep -qx "$(cksum <"$f" | awk '{ print $1, $2 }')" "$TEST_TMP/sums" && bad="$bad $f"
done
if [ -n "$others" ] && [ -s "$TEST_TMP/sums" ] && [ -z "$bad" ]; then
	ok "no file of the handout is another lab's source"
else
	not_ok "no file of the handout is another lab's source"
	echo "the other labs' files:${others:- none}; in the handout:${bad:- none}" | tap_comment
fi
flavours="o_shipped san.o_shipped"
command -v clang >/dev/null 2>&1 && flavours="$flavours fuzz.o_shipped"
missing=
debug=
for f in $others; do
	for x in $flavours; do
		obj=$root/${f%.c}.$x
		if [ ! -f "$obj" ]; then
			missing="$missing ${f%.c}.$x"
		elif objdump -h "$obj" | grep -q '\.debug_'; then
			debug="$debug ${f%.c}.$x"
		fi
	done
done
if [ -z "$missing" ] && [ -z "$debug" ]; then
	ok "each other lab's file is there as an object for each build, without debugging information"
else
	not_ok "each other lab's file is there as an object for each build, without debugging information"
	echo "missing:${missing:- none}; with debugging information:${debug:- none}" | tap_comment
fi
want=$(printf 'lab %s\n' "$(basename "$LAB")"; for f in $others; do echo "shipped $f"; done | sort)
got=$(grep -E '^(lab|shipped) ' "$root/HANDOUT" 2>/dev/null | sort)
if [ "$(echo "$want" | sort)" = "$got" ]; then
	ok "HANDOUT names the lab and the files shipped compiled"
else
	not_ok "HANDOUT names the lab and the files shipped compiled"
	printf 'want:\n%s\ngot:\n%s\n' "$want" "$got" | tap_comment
fi
# The same tree, the same objects (no kernel this time: its objects are
# made the same way).
mkdir -p "$TEST_TMP/y"
KDIR= "$SRC/scripts/lab-handout" "$LAB" "$TEST_TMP/again.tar.gz" >/dev/null 2>&1
tar xzf "$TEST_TMP/again.tar.gz" -C "$TEST_TMP/y" 2>/dev/null
differ=
for f in $others; do
	for x in $flavours; do
		cmp -s "$root/${f%.c}.$x" "$TEST_TMP/y/iommu-lab-01-groups/${f%.c}.$x" || differ="$differ ${f%.c}.$x"
	done
done
if [ -n "$others" ] && [ -z "$differ" ]; then
	ok "a second handout has the same objects"
else
	not_ok "a second handout has the same objects"
	echo "differ:$differ" | tap_comment
fi

# make_in DIR ARGS...: make in a handout's tree, none of this make's
# variables: its normal build, as a student's (make check SANITIZE=...
# runs this test with SANITIZE in the environment).
make_in() {
	(dir=$1 && shift && cd "$dir" &&
		env -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS -u MAKELEVEL -u SANITIZE -u O \
		make --no-print-directory -j2 "$@")
}
hmake() {
	make_in "$root" "$@"
}
points=$(awk '$1 == "test" { s += $3 } END { print s }' "$root/$LAB/manifest")
hmake grade LAB=01 GRADE_JUNIT=0 >"$TEST_TMP/starter" 2>&1
status=$?
if [ "$status" -ne 0 ] && grep -qx "Score: 0/$points" "$TEST_TMP/starter"; then
	ok "the handout builds, and grades the starter 0/$points"
else
	not_ok "the handout builds, and grades the starter 0/$points"
	echo "make grade exited $status" | tap_comment
	tail -n 20 "$TEST_TMP/starter" | tap_comment
fi
for f in $(sed -n 's/^file[[:space:]]\{1,\}\([^[:space:]]\{1,\}\.c\)[[:space:]]*$/\1/p' "$LAB/manifest"); do
	cp "$(git ls-files "sim/*/$f")" "$root/$LAB/$f"
done
hmake grade LAB=01 GRADE_JUNIT=0 >"$TEST_TMP/reference" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -qx "Score: $points/$points" "$TEST_TMP/reference"; then
	ok "the handout grades the reference $points/$points"
else
	not_ok "the handout grades the reference $points/$points"
	echo "make grade exited $status" | tap_comment
	tail -n 20 "$TEST_TMP/reference" | tap_comment
fi
# The graded console, run by hand as docs/labs.md says, finds the boards
# (build/grade/01/boards, a link to build/boards), with nothing set.
(cd "$root" && env -u IOMMU_LAB_BOARDS build/grade/01/iommu-lab -c 'board load mt8173-evb') \
	>"$TEST_TMP/byhand" 2>&1
if grep -q "^board mt8173-evb: " "$TEST_TMP/byhand"; then
	ok "the graded console, run by hand, finds the boards"
else
	not_ok "the graded console, run by hand, finds the boards"
	tap_comment <"$TEST_TMP/byhand"
fi
hmake check >"$TEST_TMP/check" 2>&1
status=$?
if [ "$status" -eq 2 ] && grep -q "handout: make grade LAB=01 grades your work" "$TEST_TMP/check"; then
	ok "make check in the handout says what it is for and stops"
else
	not_ok "make check in the handout says what it is for and stops"
	echo "make check exited $status" | tap_comment
	tail -n 5 "$TEST_TMP/check" | tap_comment
fi

# The first lab with both an answers file and C files.
alab=
for m in labs/*/manifest; do
	rows=$(sed -n 's/^file[[:space:]]\{1,\}\([^[:space:]]\{1,\}\)[[:space:]]*$/\1/p' "$m")
	if echo "$rows" | grep -q '\.c$' && echo "$rows" | grep -qv '\.c$'; then
		alab=$(dirname "$m")
		break
	fi
done
if [ -z "$alab" ]; then
	for what in "its reference objects, none of its sources, HANDOUT's reference lines" \
	    "its answer tests run on the reference"; do
		echo "ok $((test_count + 1)) - a lab with answers and C files: $what # SKIP no such lab"
		test_count=$((test_count + 1))
	done
else
	aname=$(basename "$alab")
	KDIR= "$SRC/scripts/lab-handout" "$alab" "$TEST_TMP/answers.tar.gz" >/dev/null 2>"$TEST_TMP/err" ||
		tap_comment <"$TEST_TMP/err"
	mkdir -p "$TEST_TMP/a"
	tar xzf "$TEST_TMP/answers.tar.gz" -C "$TEST_TMP/a" 2>/dev/null
	aroot=$TEST_TMP/a/iommu-lab-$aname
	own=
	for f in $(sed -n 's/^file[[:space:]]\{1,\}\([^[:space:]]\{1,\}\.c\)[[:space:]]*$/\1/p' "$alab/manifest"); do
		own="$own $(git ls-files "sim/*/$f")"
	done
	(cd "$aroot" && find . -type f -exec cksum {} +) | awk '{ print $1, $2 }' >"$TEST_TMP/asums"
	bad=
	for f in $own; do
		grep -qx "$(cksum <"$f" | awk '{ print $1, $2 }')" "$TEST_TMP/asums" && bad="$bad $f:source"
		obj=$aroot/${f%.c}.ref.o_shipped
		if [ ! -f "$obj" ]; then
			bad="$bad $f:no-object"
		elif objdump -h "$obj" | grep -q '\.debug_'; then
			bad="$bad $f:debugging-information"
		fi
		grep -qx "reference $f" "$aroot/HANDOUT" || bad="$bad $f:not-in-HANDOUT"
	done
	if [ -n "$own" ] && [ -s "$TEST_TMP/asums" ] && [ -z "$bad" ]; then
		ok "$aname: its reference objects, none of its sources, HANDOUT's reference lines"
	else
		not_ok "$aname: its reference objects, none of its sources, HANDOUT's reference lines"
		echo "its files:${own:- none}; wrong:${bad:- none}" | tap_comment
	fi
	# The starter's C files, which fail every test of theirs, and the
	# solution's answers: the answer tests pass only on the reference.
	answers=$(sed -n 's/^file[[:space:]]\{1,\}\([^[:space:]]\{1,\}\)[[:space:]]*$/\1/p' "$alab/manifest" |
		grep -v '\.c$')
	cp "$alab/solution/$answers" "$aroot/$alab/$answers"
	make_in "$aroot" grade LAB="${aname%%-*}" GRADE_JUNIT=0 >"$TEST_TMP/agrade" 2>&1
	bad=
	for t in $(awk '$1 == "test" { print $2 }' "$aroot/$alab/manifest"); do
		want=FAIL
		grep -q '{[a-z0-9-]\{1,\}}' "$aroot/$alab/tests/public/$t.expected" && want=OK
		grep -q "^== $t: .* == $want (" "$TEST_TMP/agrade" || bad="$bad $t:not-$want"
	done
	if [ -z "$bad" ] && grep -q '^Score: ' "$TEST_TMP/agrade"; then
		ok "$aname: its answer tests run on the reference, the others on the starter"
	else
		not_ok "$aname: its answer tests run on the reference, the others on the starter"
		echo "wrong:${bad:- none}" | tap_comment
		tail -n 20 "$TEST_TMP/agrade" | tap_comment
	fi
fi

# kernel-lab's M4U module builds these of the other labs' files.
kfiles=
for f in $others; do
	grep -qx "iommu_lab_m4u-y += $(basename "${f%.c}").o" kernel-lab/Kbuild && kfiles="$kfiles $f"
done
if [ -z "$KDIR" ]; then
	echo "ok $((test_count + 1)) - the kernel objects define what their files do # SKIP no kernel headers (KERNEL_LAB_KDIR)"
	echo "ok $((test_count + 2)) - the handout's kernel-lab builds with them # SKIP no kernel headers (KERNEL_LAB_KDIR)"
	test_count=$((test_count + 2))
else
	release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$KDIR/include/generated/utsrelease.h")
	bad=
	grep -qx "kernel $release" "$root/HANDOUT" || bad=" HANDOUT has no line 'kernel $release'"
	for f in $kfiles; do
		obj=$root/${f%.c}.kernel.o_shipped
		[ -f "$obj" ] || { bad="$bad $obj"; continue; }
		# the functions the simulator's object of the same file defines
		for sym in $(nm -g --defined-only "$root/${f%.c}.o_shipped" | awk '$2 == "T" { print $3 }'); do
			nm "$obj" | grep -qE " T $sym\$" || bad="$bad $(basename "$obj"):$sym"
		done
	done
	if [ -n "$kfiles" ] && [ -z "$bad" ]; then
		ok "the kernel objects define what their files do"
	else
		not_ok "the kernel objects define what their files do"
		echo "kernel-lab's of them:${kfiles:- none}; wrong:$bad" | tap_comment
	fi
	if hmake KDIR="$KDIR" kernel-lab >"$TEST_TMP/kernel" 2>&1 &&
	   [ -f "$root/build/kernel-lab/iommu_lab_m4u.ko" ]; then
		ok "the handout's kernel-lab builds with them"
	else
		not_ok "the handout's kernel-lab builds with them"
		tail -n 20 "$TEST_TMP/kernel" | tap_comment
	fi
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
