#!/bin/sh
# The 2022-11 deferred-attach demo (docs/demos/2022-11-deferred-attach.cmds)
# runs to its end under -x.  Its commands are t0233-era-2022-11's, in the
# same order, so each command's output lines are t0233's, derived there by
# hand from 6.1's iommu.c (iommu_group_add_device(),
# iommu_deferred_attach(), __iommu_detach_device()), the review's v6.2
# version, the VT-d table addresses and dmar.c's fault reason table.  The
# rest is narration and "iommu-lab> COMMAND" lines (docs/console.md).

. "$(dirname "$0")/lib.sh"

plan 1

transcript t1004-demo-2022-11 -x ../../docs/demos/2022-11-deferred-attach.cmds
