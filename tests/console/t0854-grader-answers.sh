#!/bin/sh
# The grader's answer tests (docs/labs.md, "An answers file"), on the lab
# tests/grader/answers/: its only file is answers.txt, and its tests'
# expected lines hold fields {NAME}.  Its "console" is a stand-in shell
# script printing each "out TEXT" line of a test's script; a second one,
# standing for the student's program, prints "student: TEXT", so a test
# passes only on the console it must run on: an answer test on the
# reference, the others on the student's.  The report lines below are
# written by hand from docs/labs.md's rules:
#
# - the right answers score full marks, the starter's empty ones 0, each
#   "no answer to NAME in answers.txt";
# - a wrong answer is named with its text, "your answer to NAME[, line
#   K]: 'TEXT', is not what the console computes", with the hint, and the
#   console's lines are not shown; of two fields on one line, only the
#   wrong one is named; a block one line short is named as such;
# - an answer holding "{x}" stays as written (one pass);
# - a line of the answers file that is none of the forms, or holds a
#   control character, or names an answer twice, or names no question
#   (no field of an answer test's expected lines, whichever tests are
#   graded; a name at most two edits from one, and fewer than half its
#   letters, is asked about: "did you mean"): one line "answers.txt:
#   LINE: ...", and every answer test is not run and scores 0, the other
#   tests are graded as ever;
# - a UTF-8 byte-order mark (EF BB BF) starting the file is no part of
#   it, as a CR before a newline is not;
# - no answers file: one line, and every answer test scores 0;
# - a failed build: the answer tests are still graded;
# - a literal line of the expected lines that differs is shown, the
#   console's side up to that line only;
# - KERNEL=1: the real kernel's lines against the filled-in template; a
#   wrong answer "is not what the kernel computes", and a line that is no
#   answer's "differs from what the kernel prints".

. "$(dirname "$0")/lib.sh"

GRADER=${IOMMU_LAB_GRADER:-$(dirname "$IOMMU_LAB")/grader/grader}
if [ ! -x "$GRADER" ]; then
	echo "1..0 # SKIP no grader at $GRADER"
	exit 0
fi

LAB=$TEST_DIR/../grader/answers
LAB=$(cd "$LAB" && pwd)
SUBS=$LAB/submissions

# The stand-in consoles, `console --grade-fd 3 SCRIPT`: shell builtins only.
REF=$TEST_TMP/reference
cat >"$REF" <<'EOF'
#!/bin/sh
while IFS= read -r line; do
	case $line in "out "*) printf '%s\n' "${line#out }" >&3 ;; esac
done <"$3"
printf '\036end of script\n' >&3
EOF
STUDENT=$TEST_TMP/student
sed 's/printf .%s\\n. "${line#out }"/printf "student: %s\\n" "${line#out }"/' "$REF" >"$STUDENT"
chmod +x "$REF" "$STUDENT"
grep -q 'student: ' "$STUDENT" || { echo "Bail out! the student's console was not made"; exit 1; }

# grade NAME SRC [LAB] [OPTION...]: grades LAB (the fixture) with the
# answers in SRC; the report, times as (Ts) and folders as LAB and OUT,
# goes to $TEST_TMP/NAME.
grade() {
	name=$1 src=$2 lab=${3:-$LAB}
	shift 2
	[ $# -gt 0 ] && shift
	out=$TEST_TMP/out-$name
	"$GRADER" run --program "$STUDENT" --reference "$REF" --boards /nonexistent --src "$src" \
		--out "$out" "$@" "$lab" >"$TEST_TMP/$name.raw" 2>&1
	echo "exit $?" >>"$TEST_TMP/$name.raw"
	sed -e 's/([0-9.]*s)$/(Ts)/' -e "s|$lab/|LAB/|g" -e "s|$out/|OUT/|g" \
		"$TEST_TMP/$name.raw" >"$TEST_TMP/$name"
}

# report NAME WHAT: the report NAME against the lines on standard input.
report() {
	cat >"$TEST_TMP/$1.want"
	if cmp -s "$TEST_TMP/$1.want" "$TEST_TMP/$1"; then
		ok "$2"
	else
		not_ok "$2"
		diff -u "$TEST_TMP/$1.want" "$TEST_TMP/$1" | tap_comment
	fi
}

grade right "$SUBS/right"
report right "the right answers score full marks (and the test with no field runs on the student's program)" <<'EOF'
== group: which group edu is in == OK (Ts)
== types: the default domain types == OK (Ts)
== ovl0: why ovl0 deferred == OK (Ts)
== attach: every attach of ovl1 == OK (Ts)
== literal: an answer holding a field == OK (Ts)
== plain: no field: the student's program == OK (Ts)
Part tour: 9/9
Part code: 1/1
Score: 10/10
6 passed, 0 failed
exit 0
EOF

grade starter "$LAB"
report starter "the starter's empty answers score 0, each named" <<'EOF'
== group: which group edu is in == FAIL (Ts)
    no answer to edu-group in answers.txt
    hint: `group list` names each group's devices.
== types: the default domain types == FAIL (Ts)
    no answer to strict-type in answers.txt
    no answer to passthrough-type in answers.txt
    hint: `dev show edu` after `set iommu.strict 1`, then after `set iommu.passthrough 1`.
== ovl0: why ovl0 deferred == FAIL (Ts)
    no answer to supplier in answers.txt
    no answer to bound-by in answers.txt
    hint: `deferred` while ovl0 waits, and `dev list` after each `drv load`.
== attach: every attach of ovl1 == FAIL (Ts)
    no answer to attaches in answers.txt
    hint: `trace show` lists each attach_dev call.
== literal: an answer holding a field == FAIL (Ts)
    no answer to literal in answers.txt
    hint: The console prints braces as they are.
== plain: no field: the student's program == OK (Ts)
Part tour: 0/9
Part code: 1/1
Score: 1/10
1 passed, 5 failed
exit 1
EOF

grade wrong "$SUBS/wrong"
report wrong "wrong answers are named, with the hint: a number, a word, a block one line short" <<'EOF'
== group: which group edu is in == FAIL (Ts)
    your answer to edu-group: '4', is not what the console computes
    script: LAB/tests/public/group.cmds
    expected: LAB/tests/public/group.expected
    hint: `group list` names each group's devices.
    log: OUT/logs/group.log
== types: the default domain types == FAIL (Ts)
    your answer to strict-type: 'DMA-FQ', is not what the console computes
    script: LAB/tests/public/types.cmds
    expected: LAB/tests/public/types.expected
    hint: `dev show edu` after `set iommu.strict 1`, then after `set iommu.passthrough 1`.
    log: OUT/logs/types.log
== ovl0: why ovl0 deferred == FAIL (Ts)
    your answer to supplier: 'm4u', is not what the console computes
    script: LAB/tests/public/ovl0.cmds
    expected: LAB/tests/public/ovl0.expected
    hint: `deferred` while ovl0 waits, and `dev list` after each `drv load`.
    log: OUT/logs/ovl0.log
== attach: every attach of ovl1 == FAIL (Ts)
    your answer to attaches, 1 line, is not what the console computes: it has more lines
    script: LAB/tests/public/attach.cmds
    expected: LAB/tests/public/attach.expected
    hint: `trace show` lists each attach_dev call.
    log: OUT/logs/attach.log
== literal: an answer holding a field == OK (Ts)
== plain: no field: the student's program == OK (Ts)
Part tour: 1/9
Part code: 1/1
Score: 2/10
2 passed, 4 failed
exit 1
EOF

if grep -e 'group 3' -e larb0 -e dom1 "$TEST_TMP/wrong"; then
	not_ok "a wrong answer's report shows none of the console's lines"
else
	ok "a wrong answer's report shows none of the console's lines"
fi

grade wrong-lines "$SUBS/wrong-lines"
report wrong-lines "a missing answer, the wrong one of two on a line, a block's wrong line, braces filled in" <<'EOF'
== group: which group edu is in == OK (Ts)
== types: the default domain types == FAIL (Ts)
    no answer to passthrough-type in answers.txt
    hint: `dev show edu` after `set iommu.strict 1`, then after `set iommu.passthrough 1`.
== ovl0: why ovl0 deferred == FAIL (Ts)
    your answer to bound-by: '2', is not what the console computes
    script: LAB/tests/public/ovl0.cmds
    expected: LAB/tests/public/ovl0.expected
    hint: `deferred` while ovl0 waits, and `dev list` after each `drv load`.
    log: OUT/logs/ovl0.log
== attach: every attach of ovl1 == FAIL (Ts)
    your answer to attaches, line 2: 'attach_dev ovl1 dom0', is not what the console computes
    script: LAB/tests/public/attach.cmds
    expected: LAB/tests/public/attach.expected
    hint: `trace show` lists each attach_dev call.
    log: OUT/logs/attach.log
== literal: an answer holding a field == FAIL (Ts)
    your answer to literal: 'set x 3', is not what the console computes
    script: LAB/tests/public/literal.cmds
    expected: LAB/tests/public/literal.expected
    hint: The console prints braces as they are.
    log: OUT/logs/literal.log
== plain: no field: the student's program == OK (Ts)
Part tour: 2/9
Part code: 1/1
Score: 3/10
2 passed, 4 failed
exit 1
EOF

# An answers file that does not parse: its one line, then every answer
# test not run.  Here an answer with an escape sequence in it.
mkdir -p "$TEST_TMP/sub-control"
printf '# an answer with a control byte\nedu-group: 3\033[2J\n' >"$TEST_TMP/sub-control/answers.txt"
grade control "$TEST_TMP/sub-control"
report control "a control byte in an answer: one line naming it, every answer test 0, the others graded" <<'EOF'
answers.txt:2: a control character (\x1b) in the line: answers are text
Every answer test scores 0.
== group: which group edu is in == FAIL (not run)
    not run: answers.txt:2: a control character (\x1b) in the line: answers are text
== types: the default domain types == FAIL (not run)
    not run: answers.txt:2: a control character (\x1b) in the line: answers are text
== ovl0: why ovl0 deferred == FAIL (not run)
    not run: answers.txt:2: a control character (\x1b) in the line: answers are text
== attach: every attach of ovl1 == FAIL (not run)
    not run: answers.txt:2: a control character (\x1b) in the line: answers are text
== literal: an answer holding a field == FAIL (not run)
    not run: answers.txt:2: a control character (\x1b) in the line: answers are text
== plain: no field: the student's program == OK (Ts)
Part tour: 0/9
Part code: 1/1
Score: 1/10
1 passed, 5 failed
exit 1
EOF

# bad_file WHAT CONTENT LINE: answers.txt holding CONTENT (printf's
# format) makes the report's first line LINE.
bad_file() {
	mkdir -p "$TEST_TMP/sub-bad"
	# shellcheck disable=SC2059
	printf "$2" >"$TEST_TMP/sub-bad/answers.txt"
	grade bad "$TEST_TMP/sub-bad"
	if [ "$(head -1 "$TEST_TMP/bad")" = "$3" ] && grep -qx 'Score: 1/10' "$TEST_TMP/bad"; then
		ok "$1"
	else
		not_ok "$1"
		echo "want: $3" | tap_comment
		tap_comment <"$TEST_TMP/bad"
	fi
}

bad_file "a malformed line" '# answers\nedu group 3\n' \
	"answers.txt:2: not an answer: write 'NAME: VALUE', or 'NAME:' and then '| TEXT' lines; '#' starts a comment"
bad_file "a name in capitals" 'Edu-group: 3\n' \
	"answers.txt:1: bad name 'Edu-group' before ':': a question's name is a-z, 0-9 and '-'"
bad_file "a bar line outside a block" 'edu-group: 3\n| 4\n' \
	"answers.txt:2: a '|' line that is not in a block: a block is a line 'NAME:', with nothing after the ':', and then its '| TEXT' lines"
bad_file "a comment ends a block" 'attaches:\n| a\n# b\n| c\n' \
	"answers.txt:4: a '|' line that is not in a block: a block is a line 'NAME:', with nothing after the ':', and then its '| TEXT' lines"
bad_file "a bar without its space" 'attaches:\n|a\n' \
	"answers.txt:2: a block's line is '| TEXT', a bar and one space before the text"
bad_file "a name answered twice" 'supplier: 1\n\nedu-group: 3\nsupplier: 2\n' \
	"answers.txt:4: supplier is answered twice (first on line 1)"
# 'colour' is no question, and none is within two edits of it.
bad_file "a name that is no question" '# mine\ncolour: blue\n' \
	"answers.txt:2: no question 'colour' in this lab"
# 'strict-typ' is 'strict-type' less one letter: one edit, of 10 letters.
bad_file "a mistyped name after a right one" 'edu-group: 3\nstrict-typ: DMA\n' \
	"answers.txt:2: no question 'strict-typ'; did you mean 'strict-type'?"
bad_file "a NUL byte" 'x: 1\0\n' \
	'answers.txt:1: a control character (\x00) in the line: answers are text'

# The right answers but one name misspelled: that line is the error, as
# any bad line's, and every answer test scores 0 (not run), the test with
# no field graded.  'edu-grup' is 'edu-group' less an 'o': one edit, of 8
# letters, so it is asked about.
mkdir -p "$TEST_TMP/sub-typo"
sed 's/^edu-group:/edu-grup:/' "$SUBS/right/answers.txt" >"$TEST_TMP/sub-typo/answers.txt"
grade typo "$TEST_TMP/sub-typo"
report typo "a misspelled question's name: one line, did you mean, every answer test 0" <<'EOF'
answers.txt:2: no question 'edu-grup'; did you mean 'edu-group'?
Every answer test scores 0.
== group: which group edu is in == FAIL (not run)
    not run: answers.txt:2: no question 'edu-grup'; did you mean 'edu-group'?
== types: the default domain types == FAIL (not run)
    not run: answers.txt:2: no question 'edu-grup'; did you mean 'edu-group'?
== ovl0: why ovl0 deferred == FAIL (not run)
    not run: answers.txt:2: no question 'edu-grup'; did you mean 'edu-group'?
== attach: every attach of ovl1 == FAIL (not run)
    not run: answers.txt:2: no question 'edu-grup'; did you mean 'edu-group'?
== literal: an answer holding a field == FAIL (not run)
    not run: answers.txt:2: no question 'edu-grup'; did you mean 'edu-group'?
== plain: no field: the student's program == OK (Ts)
Part tour: 0/9
Part code: 1/1
Score: 1/10
1 passed, 5 failed
exit 1
EOF

# Grading one test: the questions are still every answer test's, so an
# answer to another test's question is no error.
grade one "$SUBS/right" "$LAB" -T group
if grep -qx 'Score: 2/2' "$TEST_TMP/one"; then
	ok "grading one test: an answer to another test's question is a question's"
else
	not_ok "grading one test: an answer to another test's question is a question's"
	tap_comment <"$TEST_TMP/one"
fi

# The right answers saved by an editor that starts UTF-8 with a
# byte-order mark: the mark is no part of the first line.
mkdir -p "$TEST_TMP/sub-bom"
{ printf '\357\273\277'; cat "$SUBS/right/answers.txt"; } >"$TEST_TMP/sub-bom/answers.txt"
grade bom "$TEST_TMP/sub-bom"
if [ "$(head -c 3 "$TEST_TMP/sub-bom/answers.txt" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
   grep -qx 'Score: 10/10' "$TEST_TMP/bom"; then
	ok "an answers file starting with a byte-order mark reads as without it"
else
	not_ok "an answers file starting with a byte-order mark reads as without it"
	tap_comment <"$TEST_TMP/bom"
fi
# Only at the start: a mark inside the file is in its line's name.
bad_file "a byte-order mark not at the start" 'edu-group: 3\n\357\273\277supplier: larb0\n' \
	"answers.txt:2: bad name '$(printf '\357\273\277')supplier' before ':': a question's name is a-z, 0-9 and '-'"

# The right answers written on Windows: a CR before each newline is not
# part of the line.
mkdir -p "$TEST_TMP/sub-crlf"
sed 's/$/\r/' "$SUBS/right/answers.txt" >"$TEST_TMP/sub-crlf/answers.txt"
grade crlf "$TEST_TMP/sub-crlf"
if grep -qx 'Score: 10/10' "$TEST_TMP/crlf"; then
	ok "an answers file with CRLF line ends reads as with LF"
else
	not_ok "an answers file with CRLF line ends reads as with LF"
	tap_comment <"$TEST_TMP/crlf"
fi

# No answers file in the submission: the answer tests score 0, saying
# why; collect's own error, left in the log beside the copy, comes first.
mkdir -p "$TEST_TMP/sub-none"
grade none "$TEST_TMP/sub-none"
first=$(head -1 "$TEST_TMP/none")
if [ "$first" = "cannot read the submission's answers.txt: No such file or directory" ] &&
   grep -qx 'Score: 1/10' "$TEST_TMP/none"; then
	ok "no answers file: one line, and every answer test 0"
else
	not_ok "no answers file: one line, and every answer test 0"
	tap_comment <"$TEST_TMP/none"
fi
echo "error: the submission has no answers.txt (No such file or directory)" \
	>"$TEST_TMP/sub-none/answers.txt.log"
grade none "$TEST_TMP/sub-none"
first=$(head -1 "$TEST_TMP/none")
if [ "$first" = "the submission has no answers.txt (No such file or directory)" ]; then
	ok "no answers file: collect's error line is the one shown"
else
	not_ok "no answers file: collect's error line is the one shown"
	tap_comment <"$TEST_TMP/none"
fi

# A submission that did not build: the answer tests do not run its code.
echo "student.c:1:1: error: expected declaration" >"$TEST_TMP/build.log"
grade build "$SUBS/right" "$LAB" --build-log "$TEST_TMP/build.log"
report build "a failed build: the answer tests are still graded" <<'EOF'
The submission did not build; every test but the answer tests scores 0.
    student.c:1:1: error: expected declaration
== group: which group edu is in == OK (Ts)
== types: the default domain types == OK (Ts)
== ovl0: why ovl0 deferred == OK (Ts)
== attach: every attach of ovl1 == OK (Ts)
== literal: an answer holding a field == OK (Ts)
== plain: no field: the student's program == FAIL (not run)
    not run: the submission did not build
Part tour: 9/9
Part code: 0/1
Score: 9/10
5 passed, 1 failed
exit 1
EOF

# A lab whose expected lines are wrong in a line that is no answer: the
# difference is shown, the console's side only up to that line.
BROKEN=$TEST_TMP/broken-lab
cp -R "$LAB" "$BROKEN"
printf 'board q35: 6 devices\nedu: group {edu-group}\n' >"$BROKEN/tests/public/group.expected"
grade broken "$SUBS/right" "$BROKEN" -T group
report broken "a line that is no answer's differs: both sides, the console's to that line" <<'EOF'
== group: which group edu is in == FAIL (Ts)
    a line that is none of your answers differs from what the console prints (the test itself may be wrong: tell your instructor); '>' marks line 1, the first that differs:
    expected:
      >    1  board q35: 6 devices
           2  edu: group 3
    actual:
      >    1  board q35-vtd: 6 devices
             ... 1 more line
    script: LAB/tests/public/group.cmds
    expected: LAB/tests/public/group.expected
    hint: `group list` names each group's devices.
    log: OUT/logs/group.log
Part tour: 0/2
Score: 0/2
0 passed, 1 failed
exit 1
EOF

# KERNEL=1: the real kernel's lines (here written by hand as
# scripts/grade-kernel leaves them) against the filled-in template.
KLAB=$TEST_TMP/kernel-lab
cp -R "$LAB" "$KLAB"
printf '# machine: q35\n' >>"$KLAB/tests/public/group.cmds"
mkdir -p "$TEST_TMP/vm"
printf 'board q35-vtd: 6 devices\nedu: group 3\n' >"$TEST_TMP/vm/group.out"
echo ok >"$TEST_TMP/vm/group.status"
# kernel_grade SRC [VM]: the report on group, the kernel's lines in VM.
kernel_grade() {
	out=$TEST_TMP/out-kernel
	"$GRADER" run --kernel "${2:-$TEST_TMP/vm}" --src "$1" --out "$out" "$KLAB" >"$TEST_TMP/kernel" 2>&1
	sed -n 's/ ([0-9.]*s)$//; /^== group/,/^Score/p' "$TEST_TMP/kernel" | sed "s|$TEST_TMP/||g"
}
check_kernel() {
	kernel_grade "$SUBS/right" | grep -qx '== group: which group edu is in == OK' &&
		kernel_grade "$SUBS/wrong" | grep -qx "    your answer to edu-group: '4', is not what the kernel computes" ||
		{ cat "$TEST_TMP/kernel"; return 1; }
}
run_check "KERNEL=1: an answer test compares the real kernel's lines with the filled-in template" check_kernel
# The kernel's first line not the test's own: the right answers, and the
# difference named as the kernel's.
mkdir -p "$TEST_TMP/vm-other"
printf 'board q35: 6 devices\nedu: group 3\n' >"$TEST_TMP/vm-other/group.out"
echo ok >"$TEST_TMP/vm-other/group.status"
check_kernel_line() {
	kernel_grade "$SUBS/right" "$TEST_TMP/vm-other" | grep -q "^    a line that is none of your answers differs from what the kernel prints (" ||
		{ cat "$TEST_TMP/kernel"; return 1; }
}
run_check "KERNEL=1: a line that is no answer's is the kernel's" check_kernel_line

# The lab needs the reference console for its answer tests.
"$GRADER" run --program "$STUDENT" --boards /nonexistent --src "$SUBS/right" --out "$TEST_TMP/out-u" \
	"$LAB" >"$TEST_TMP/usage" 2>&1
status=$?
if [ $status -eq 2 ] && grep -qx "error: $LAB has answer tests: grader run needs --src DIR, --reference FILE and --boards DIR" \
	"$TEST_TMP/usage"; then
	ok "answer tests with no --reference: a usage error"
else
	not_ok "answer tests with no --reference: a usage error (exit $status)"
	tap_comment <"$TEST_TMP/usage"
fi

plan $test_count
exit $test_failures
