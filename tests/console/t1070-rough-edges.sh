#!/bin/sh
# Issue 18's rough edges, each a transcript: trace show of an unknown
# event and its completion, help suggesting only near words, tick's
# "5 ms", set's list and help set/era, group arguments, a freed domain
# named, suspended larbs in m4u regs.  Each bad input is one error line
# that changes nothing, checked from outside (lib-unchanged.sh).
#
# Expected lines come from the kernel tables and the issue, each derived
# in the .in file's comments, not captured from the program.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-unchanged.sh"

plan 12

transcript t1070-trace-show
transcript t1071-help-suggest
transcript t1072-tick-unit
transcript t1073-settings-help
transcript t1074-group-args
transcript t1075-freed-domain

STATE='dev list; show settings; era list; group list; domain list; tick 0'
run_check "trace show of an unknown event changes nothing" \
	unchanged_by 'trace show attach_device'
run_check "tick with two numbers changes nothing" \
	unchanged_by 'tick 5 5'
run_check "set of an unknown setting changes nothing" \
	unchanged_by 'set foo 1'
run_check "attach to group0 is -ENODEV and changes nothing" \
	unchanged_by 'attach dom0 group0' -ENODEV
run_check "vfio attach group0 changes nothing" \
	unchanged_by 'vfio attach group0'
run_check "detach from 0 is -ENODEV and changes nothing" \
	unchanged_by 'detach dom0 0' -ENODEV
