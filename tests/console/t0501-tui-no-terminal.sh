#!/bin/sh
# The full-screen interface needs a terminal on standard input and output:
# without one, --tui and the tui command fail with one error line and
# change nothing (the commands after `tui` still run); --tui does not mix
# with -c or a FILE.  The lines are written from the console brief
# (CONSOLE.md: one "error: CMD: message" line, exit 1; 2 for a bad
# command line).

. "$(dirname "$0")/lib.sh"

plan 4

transcript t0501-tui-option --tui
transcript t0501-tui-command -c 'tui; board show'
transcript t0501-tui-with-c --tui -c help
transcript t0501-tui-with-file --tui t0501-tui-command.expected

exit $test_failures
