#!/bin/sh
# The 2022-06 VFIO demo (docs/demos/2022-06-emediumtype.cmds) runs to its
# end under -x.  Its output lines come from hand-derived tests:
# - the v5.19 and v6.1 halves are t0202-vfio-eras's (type1's attach order
#   in each era, VT-d's snoop-control refusal, the fgsp probe), with
#   `board load q35-vtd-2dmar` where t0202 has --board and `reset`: the
#   same summary line, and the era line naming v6.1 as the era the
#   (default) board booted under, as in t0202;
# - the gen-1 part is t0202-vfio-gen1's, with `board load mt8173-evb`
#   where it has `reset` (the board then is q35-vtd-2dmar, booted under
#   v6.1, so `era v4.12` prints t0202-vfio-gen1's lines).
# The rest is narration and "iommu-lab> COMMAND" lines (docs/console.md).

. "$(dirname "$0")/lib.sh"

plan 1

transcript t1005-demo-2022-06 -x ../../docs/demos/2022-06-emediumtype.cmds
