#!/bin/sh
# The grader itself (grader/, docs/labs.md), on a lab made here whose
# "console" is a small shell script: each line of a test's script says
# what it does (print a line on the channel, print to the log, spin,
# crash, exit early, flood the channel), so that every way a test can
# end is made on purpose.  What the grader must say about each is known
# from docs/labs.md, not from running it:
#
# - a test whose lines match, with the end record, passes;
# - a difference is shown with both sides numbered and '>' on the first
#   line that differs (here line 2), with the test's hint;
# - a test still running at its timeout is reported as a TIMEOUT, killed
#   at about its timeout;
# - a crash, an exit without the end record, and more than 1 MiB on the
#   channel each fail, saying so; a test whose dependency failed is not
#   run;
# - results.json has Gradescope's fields, hidden tests "after_due_date",
#   and the report's score; results.tap has a line per test;
# - the exit status is 0 on full marks only; T= picks tests by id or
#   title, with what they depend on;
# - a build log gives every test 0 and is shown, and results.json is
#   still written;
# - collect takes only the manifest's names, regular files within the
#   size cap, and no symbolic link out of the tree.

. "$(dirname "$0")/lib.sh"

GRADER=${IOMMU_LAB_GRADER:-$(dirname "$IOMMU_LAB")/grader/grader}
if [ ! -x "$GRADER" ]; then
	echo "1..0 # SKIP no grader at $GRADER"
	exit 0
fi

LAB=$TEST_TMP/lab
mkdir -p "$LAB/tests/public" "$LAB/tests/hidden"

# The stand-in console: `fake --grade-fd 3 SCRIPT`.  Only shell builtins,
# as a test may not start processes (RLIMIT_NPROC).
FAKE=$TEST_TMP/fake
cat >"$FAKE" <<'EOF'
#!/bin/sh
while IFS= read -r line; do
	case $line in
	"out "*) printf '%s\n' "${line#out }" >&3 ;;
	"log "*) printf '%s\n' "${line#log }" ;;
	spin) while :; do :; done ;;
	crash) kill -SEGV $$ ;;
	"exit "*) exit "${line#exit }" ;;
	flood)
		l=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
		l=$l$l$l$l$l$l$l$l$l$l$l$l$l$l$l$l
		i=0
		while [ $i -lt 1200 ]; do printf '%s\n' "$l" >&3; i=$((i + 1)); done ;;
	esac
done <"$3"
printf '\036end of script\n' >&3
EOF
chmod +x "$FAKE"

# test ID SCRIPT EXPECTED: a public test's files.
test_files() {
	printf '%s\n' "$2" >"$LAB/tests/${4:-public}/$1.cmds"
	printf '%s\n' "$3" >"$LAB/tests/${4:-public}/$1.expected"
}

test_files pass "$(printf 'log Score: 100/100\nout a\nout b')" "$(printf 'a\nb')"
test_files differ "$(printf '# hint: Look at line two.\nout a\nout B\nout c')" \
	"$(printf 'a\nb\nc')"
test_files after-differ "out a" "a"
test_files slow "$(printf 'out a\nspin')" "a"
test_files crash "$(printf 'out a\ncrash')" "a"
test_files early-exit "$(printf 'out a\nexit 0')" "a"
test_files flood flood "a"
test_files secret "out s" "s" hidden

cat >"$LAB/manifest" <<'EOF'
# The grader's test lab.
file student.c

# test ID POINTS VISIBILITY TIMEOUT PART DEPENDS | TITLE
test pass         5 public 5 one -      | lines that match
test differ       4 public 5 one -      | a line that differs
test after-differ 3 public 5 one differ | depends on a failed test
test slow         2 public 1 two -      | never ends
test crash        2 public 5 two -      | crashes
test early-exit   2 public 5 two -      | exits without its end record
test flood        2 public 5 two -      | floods its channel
test secret       1 hidden 5 two pass   | a hidden test
EOF

OUT=$TEST_TMP/out
report=$TEST_TMP/report
start=$(date +%s)
"$GRADER" run --program "$FAKE" --boards /nonexistent --out "$OUT" "$LAB" >"$report" 2>&1
status=$?
took=$(($(date +%s) - start))

# has WHAT PATTERN: the report has a line matching the basic regex.
has() {
	if grep -q -e "$2" "$report"; then
		ok "$1"
	else
		not_ok "$1"
		echo "no line matches: $2" | tap_comment
		tap_comment <"$report"
	fi
}

has "a test whose lines match passes" '^== pass: lines that match == OK ([0-9.]*s)$'
has "a difference fails" '^== differ: a line that differs == FAIL ([0-9.]*s)$'
has "the first differing line is named" "'>' marks line 2, the first that differs"
has "'>' marks the expected line 2" '^      >    2  b$'
has "'>' marks the actual line 2" '^      >    2  B$'
has "the lines before it are shown unmarked" '^           1  a$'
has "the test's hint is shown" '^    hint: Look at line two\.$'
has "a test whose dependency failed is not run" \
	'^== after-differ: depends on a failed test == FAIL (not run)$'
has "... and says why" '^    not run: it depends on differ, which failed$'
has "a test past its timeout is a TIMEOUT" '^== slow: never ends == TIMEOUT ([0-9.]*s)$'
has "... which says so" 'had not finished after 1 s and was killed'
has "a crash fails" '^== crash: crashes == FAIL'
has "... and says it crashed" 'the test crashed: Segmentation fault (signal 11)'
has "an exit without the end record fails" '^== early-exit: exits without its end record == FAIL'
has "... saying so" 'stopped before the end of its script, with exit status 0'
has "more than 1 MiB on the channel fails" 'printed more than 1 MiB of console lines'
has "part scores" '^Part one: 5/12$'
has "the score" '^Score: 6/21$'
has "passed and failed" '^2 passed, 6 failed$'
if grep -q '^Score: 100/100' "$report"; then
	not_ok "the test's log is not the report"
else
	ok "the test's log is not the report"
fi

if [ "$status" -eq 1 ]; then
	ok "below full marks the exit status is 1"
else
	not_ok "below full marks the exit status is 1 (got $status)"
fi
# The slow test's timeout is 1 s; everything else is quick.
if [ "$took" -le 6 ]; then
	ok "the timeout was kept (the run took ${took} s)"
else
	not_ok "the timeout was kept (the run took ${took} s)"
fi

# results.json: Gradescope's fields and types, and the report's verdicts.
check_json() {
	perl -MJSON::PP -e '
		local $/; open my $f, "<", $ARGV[0] or die "no $ARGV[0]\n";
		my $r = decode_json(<$f>);
		my @bad;
		for my $k (qw(score execution_time output tests)) {
			push @bad, "no top-level $k" unless exists $r->{$k};
		}
		push @bad, "score is $r->{score}, not 6" unless $r->{score} == 6;
		my %want = (pass => "passed 5 5 visible", differ => "failed 0 4 visible",
			"after-differ" => "failed 0 3 visible", slow => "failed 0 2 visible",
			crash => "failed 0 2 visible", "early-exit" => "failed 0 2 visible",
			flood => "failed 0 2 visible", secret => "passed 1 1 after_due_date");
		my $n = 0;
		for my $t (@{$r->{tests}}) {
			$n++;
			for my $k (qw(name number score max_score status output visibility)) {
				push @bad, "test $n has no $k" unless exists $t->{$k};
			}
			push @bad, "test $n: number is not \"$n\"" unless $t->{number} eq "$n";
			my ($id) = $t->{name} =~ /^([a-z-]+): /;
			my $got = "$t->{status} $t->{score} $t->{max_score} $t->{visibility}";
			push @bad, "test $id: $got, not $want{$id}" unless $got eq ($want{$id} // "");
		}
		push @bad, "$n tests, not 8" unless $n == 8;
		print "$_\n" for @bad;
		exit(@bad ? 1 : 0);' "$1"
}
run_check "results.json has Gradescope's fields and the grader's verdicts" check_json "$OUT/results.json"

check_tap() {
	grep -c '^ok ' "$OUT/results.tap" | grep -qx 2 &&
		grep -c '^not ok ' "$OUT/results.tap" | grep -qx 6 &&
		head -1 "$OUT/results.tap" | grep -qx '1\.\.8' ||
		{ cat "$OUT/results.tap"; return 1; }
}
run_check "results.tap has a line per test" check_tap

# T= takes a part of an id or a title, and what the test depends on.
"$GRADER" run -T hidden --program "$FAKE" --boards /nonexistent --out "$TEST_TMP/out-t" "$LAB" \
	>"$TEST_TMP/report-t" 2>&1
status=$?
check_filter() {
	[ "$status" -eq 0 ] || { echo "exit status $status, not 0 (full marks)"; return 1; }
	grep '^== ' "$TEST_TMP/report-t" | sed 's/ == .*//' >"$TEST_TMP/ran"
	printf '== pass: lines that match\n== secret: a hidden test\n' | cmp -s - "$TEST_TMP/ran" ||
		{ cat "$TEST_TMP/report-t"; return 1; }
	grep -qx 'Score: 6/6' "$TEST_TMP/report-t"
}
run_check "T=hidden runs the hidden test and what it depends on, and full marks exit 0" check_filter

# A build that failed: every test 0, the compiler's words shown, results.json written.
printf 'student.c:3:1: error: expected declaration\n' >"$TEST_TMP/build.log"
"$GRADER" run --build-log "$TEST_TMP/build.log" --out "$TEST_TMP/out-b" \
	--results "$TEST_TMP/gs.json" "$LAB" >"$TEST_TMP/report-b" 2>&1
status=$?
check_build() {
	[ "$status" -eq 1 ] || { echo "exit status $status"; return 1; }
	grep -q 'student.c:3:1: error: expected declaration' "$TEST_TMP/report-b" &&
		[ "$(grep -c '== FAIL (not run)$' "$TEST_TMP/report-b")" -eq 8 ] &&
		grep -qx 'Score: 0/21' "$TEST_TMP/report-b" &&
		perl -MJSON::PP -e 'local $/; my $r = decode_json(<STDIN>);
			exit !($r->{score} == 0 && @{$r->{tests}} == 8 &&
				$r->{output} =~ /expected declaration/)' <"$TEST_TMP/gs.json" ||
		{ cat "$TEST_TMP/report-b"; return 1; }
}
run_check "a failed build scores 0 on every test, shows its log and writes results.json" check_build

# collect: the manifest's names only, regular files, no link out of the tree.
SUB=$TEST_TMP/sub
mkdir -p "$SUB"
echo 'int x;' >"$SUB/student.c"
echo 'int y;' >"$SUB/other.c"
collect_ok() {
	(cd "$TEST_TMP" && "$GRADER" collect "$LAB" "$SUB" "$TEST_TMP/src") &&
		cmp -s "$SUB/student.c" "$TEST_TMP/src/student.c" &&
		[ ! -e "$TEST_TMP/src/other.c" ]
}
run_check "collect copies the manifest's file and nothing else" collect_ok

collect_refuses() {
	rm -f "$SUB/student.c"
	ln -s "$1" "$SUB/student.c"
	if (cd "$TEST_TMP" && "$GRADER" collect "$LAB" "$SUB" "$TEST_TMP/src") 2>"$TEST_TMP/err"; then
		echo "collect took $1"
		return 1
	fi
	[ ! -e "$TEST_TMP/src/student.c" ] || { echo "a stale copy is left"; return 1; }
	cat "$TEST_TMP/err"
}
run_check "collect refuses a symbolic link out of the tree" collect_refuses /etc/passwd
mkfifo "$TEST_TMP/fifo"
run_check "collect refuses a named pipe" collect_refuses "$TEST_TMP/fifo"
head -c 300000 /dev/zero >"$TEST_TMP/big.c"
run_check "collect refuses a file past the size cap" collect_refuses "$TEST_TMP/big.c"

# The machine a kernel test names (docs/labs.md): "# machine: q35" runs
# the console on kernel-lab's board with no driver, "# machine: q35-vtd"
# on the q35-vtd board with each word of the "# boot:" lines as --boot,
# and any other script as it is, loading its own board.  A stand-in
# console prints its arguments between the descriptor and the script.
LAB2=$TEST_TMP/lab2
mkdir -p "$LAB2/tests/public"
ARGS=$TEST_TMP/args-console
cat >"$ARGS" <<'EOF'
#!/bin/sh
shift 2
while [ $# -gt 1 ]; do printf '%s\n' "$1" >&3; shift; done
printf '\036end of script\n' >&3
EOF
chmod +x "$ARGS"
printf '# machine: q35\n' >"$LAB2/tests/public/m4u.cmds"
printf -- '--board\nkernel-lab-m4u\n--no-drivers\n' >"$LAB2/tests/public/m4u.expected"
printf '# machine: q35-vtd\n# boot: iommu.strict=1  deferred_probe_timeout=5\n# boot: iommu.passthrough=0\n' \
	>"$LAB2/tests/public/vtd.cmds"
printf -- '--board\nq35-vtd\n--boot\niommu.strict=1\n--boot\ndeferred_probe_timeout=5\n--boot\niommu.passthrough=0\n' \
	>"$LAB2/tests/public/vtd.expected"
printf '# machine: q35-vtdx\n# boot: iommu.strict=1\n' >"$LAB2/tests/public/plain.cmds"
: >"$LAB2/tests/public/plain.expected"
cat >"$LAB2/manifest" <<'EOF'
file student.c
test m4u   1 public 5 one - | q35: kernel-lab's board
test vtd   1 public 5 one - | q35-vtd: its board and boot parameters
test plain 1 public 5 one - | no machine: the script alone
EOF
machines() {
	"$GRADER" run --program "$ARGS" --boards /nonexistent --out "$TEST_TMP/out-m" "$LAB2" \
		>"$TEST_TMP/report-m" 2>&1 && grep -qx 'Score: 3/3' "$TEST_TMP/report-m" ||
		{ cat "$TEST_TMP/report-m"; return 1; }
}
run_check "a kernel test runs on its machine's board: q35's, q35-vtd's with its boot parameters" machines

plan $test_count
exit $test_failures
