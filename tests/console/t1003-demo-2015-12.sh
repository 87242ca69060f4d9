#!/bin/sh
# The 2015-12 shared-group demo (docs/demos/2015-12-shared-group.cmds) runs
# to its end under -x.  Its output lines come from hand-derived tests:
# - part 1 (era v4.4 .. trace show) is t0232-era-2015-12's v4.4 half:
#   one group, 17 arch fake default domains, the translation warnings;
# - part 2 (set mtk.variant free-domain .. group list) is
#   t0200-free-domain's v4.4 half without its `era v4.4` (already in
#   force): the v6 patch's attach_dev frees ovl1's arch domain, the
#   use-after-free reported.  The two translation warnings are printed
#   again: they went away with the --no-drivers boot and came back, and
#   the checker reports a violation each time it appears
#   (docs/console.md, "Settings");
# - part 3 is t0232's v4.12 half, with `board load mt8173-evb` where t0232
#   has `reset` (the same summary line; reset would keep --no-drivers), and
#   `set mtk.variant reference` printing the line of `set` for an enum
#   (t0200's, with the other value).
# The rest is narration and "iommu-lab> COMMAND" lines (docs/console.md).

. "$(dirname "$0")/lib.sh"

plan 1

transcript t1003-demo-2015-12 -x ../../docs/demos/2015-12-shared-group.cmds
