#!/bin/sh
# Random sessions of ordinary commands (tests/fuzz/session-gen: every row
# of the command table, the boards' own names, boards, eras and driver
# variants changing, objects deleted between uses) run by the console
# built with AddressSanitizer and UndefinedBehaviorSanitizer, leak
# checking on.  A session passes when it runs to its end: exit status 0 or
# 1 (commands may fail; each prints its error line), no sanitizer report,
# no leak, within the time limit.  Consecutive seeds start on every board
# in every era in turn (session-gen's rule), so the default 300 cover each
# pair six times.
#
# make test sets $IOMMU_LAB_SAN (the sanitized console) and
# $IOMMU_LAB_SESSION_GEN.  Other seeds: IOMMU_LAB_SESSION_SEED=S and
# IOMMU_LAB_SESSIONS=N.  A failing session is kept, with its report, in
# $IOMMU_LAB_SESSION_KEEP (default: random-sessions/ beside the sanitized
# console) and the lines to reproduce it are printed.

# xargs runs this script again for each seed: one session in its own
# directory (for the files `graph` writes), leaving SEED.rc, .out and .err.
if [ "${1:-}" = --run-one ]; then
	mkdir -p "$SESSION_DIR/$2.d" && cd "$SESSION_DIR/$2.d" || exit 1
	timeout "$SESSION_LIMIT" "$IOMMU_LAB_SAN" -k "../$2.cmds" \
		</dev/null >"../$2.out" 2>"../$2.err"
	echo $? >"../$2.rc"
	exit 0
fi

. "$(dirname "$0")/lib.sh"

if [ -z "${IOMMU_LAB_SAN:-}" ] || [ -z "${IOMMU_LAB_SESSION_GEN:-}" ]; then
	echo "1..0 # SKIP IOMMU_LAB_SAN or IOMMU_LAB_SESSION_GEN is not set (run through 'make test')"
	exit 0
fi

first=${IOMMU_LAB_SESSION_SEED:-1}
count=${IOMMU_LAB_SESSIONS:-300}
commands=60
keep=${IOMMU_LAB_SESSION_KEEP:-$(dirname "$IOMMU_LAB_SAN")/random-sessions}
# Seconds one session may take under the sanitizers (about 0.2 are usual).
limit=60

# Leaks are errors; a report of any kind makes the exit status 99.
ASAN_OPTIONS=detect_leaks=1:exitcode=99
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
LSAN_OPTIONS=exitcode=99
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

dir=$TEST_TMP/sessions
mkdir -p "$dir" || exit 1
if ! "$IOMMU_LAB_SESSION_GEN" -n "$commands" -o "$dir" "$first" "$count"; then
	echo "1..0 # session-gen failed"
	exit 1
fi

# Two at a time: the sessions share nothing.
seq "$first" $((first + count - 1)) |
	SESSION_DIR=$dir SESSION_LIMIT=$limit xargs -P 2 -n 1 sh "$0" --run-one

plan "$count"
seed=$first
while [ "$seed" -lt $((first + count)) ]; do
	rc=$(cat "$dir/$seed.rc" 2>/dev/null)
	what="seed $seed ($(sed -n 's/^# session-gen seed [0-9]*: [0-9]* commands on \(.*\), era \(.*\)/\1, \2/p' "$dir/$seed.cmds"))"
	if { [ "$rc" = 0 ] || [ "$rc" = 1 ]; } &&
	   ! grep -q -e 'Sanitizer' -e 'runtime error:' "$dir/$seed.err"; then
		ok "$what"
	else
		not_ok "$what"
		mkdir -p "$keep"
		cp "$dir/$seed.cmds" "$keep/$seed.cmds"
		cp "$dir/$seed.err" "$keep/$seed.err"
		case $rc in
		124) echo "session did not end within $limit s" ;;
		*) echo "exit status $rc; the report:" ;;
		esac | tap_comment
		grep -v '^error: ' "$dir/$seed.err" | head -n 20 | tap_comment
		tap_comment <<EOF
session kept: $keep/$seed.cmds (stderr: $keep/$seed.err)
reproduce: IOMMU_LAB_BOARDS=$IOMMU_LAB_BOARDS $IOMMU_LAB_SAN -k $keep/$seed.cmds
regenerate: IOMMU_LAB_BOARDS=$IOMMU_LAB_BOARDS $IOMMU_LAB_SESSION_GEN -n $commands $seed
EOF
	fi
	seed=$((seed + 1))
done
[ "$test_failures" -eq 0 ]
