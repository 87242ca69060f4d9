#!/bin/sh
# Narration for demos (issue 18, section 1): -x and `set echo on|off`
# echo each command of a batch run as "iommu-lab> COMMAND" before its
# output (not comments, blank lines, nor echo/pause/predict, whose text is
# the narration); `echo`, `pause` and `predict` print their text, and
# pause and predict never wait here (stdin is /dev/null, not a terminal).
# Every line below is what the commands are specified to print
# (docs/console.md, "Output lines"): the echoed words, re-quoted where a
# word holds a space; `era` is v6.1's line as in t0230's expected file
# ("era v6.1" is the default, docs/eras.md); `tick 5ms` from time 0 is
# time=0.005000 as in t0001-numbers.  Bad input: one error line each, and
# the run goes on.

. "$(dirname "$0")/lib.sh"

plan 4

transcript t1000-demo-narration -x
transcript t1000-demo-echo-off
transcript t1000-demo-c -x -c 'echo Case 1; tick 5ms # a comment
predict "What time is it now?"
tick 0'
transcript t1000-demo-set-echo
