#!/bin/sh
# The 2015-05 probe-deferral demo (docs/demos/2015-05-probe-deferral.cmds)
# runs to its end under -x.  Its commands are t0230-era-2015-05's, in the
# same order, so each command's output lines are t0230's hand-derived ones
# (the derivation is in t0230-era-2015-05.in: v4.12's of_iommu_xlate()
# and really_probe(), case by case); the other lines are the script's own
# narration (echo, pause, predict: "predict: TEXT") and the echoed
# commands ("iommu-lab> COMMAND"), as docs/console.md specifies them.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t1001-demo-2015-05 -x ../../docs/demos/2015-05-probe-deferral.cmds
