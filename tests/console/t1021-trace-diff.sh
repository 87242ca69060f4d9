#!/bin/sh
# trace diff ERA1 ERA2 SCRIPT: one script under two eras, each on a fresh
# boot of the console's board; the lines that part are derived in
# t1021-trace-diff.in from the era tests t0230 and t0101.  Its error lines
# change nothing.

. "$(dirname "$0")/lib.sh"

plan 2

transcript t1021-trace-diff --board defer-no-driver-mandatory
transcript t1021-trace-diff-errors --board defer-no-driver-mandatory
