#!/bin/sh
# The 2015-08 dma-iommu demo (docs/demos/2015-08-iova-map-sg.cmds) runs to
# its end under -x.  Part 1's commands are t0231-era-2015-08's, in order:
# their output lines are t0231's hand-derived ones (one allocator per v4.4
# arch domain, one M4U table, -EEXIST on the second map, the unmap WARN).
# Part 2: `era v6.1` prints the era line and, the board having booted
# under v4.4 (the `reset` before), the line naming both eras (as t0230's
# second line, eras swapped); then `set iommu.strict 1`, the q35-vtd
# board's summary and maps a, b and c are t0300-dma-map-sg's first lines,
# derived there from 6.1's iova.c and dma-iommu.c (28-bit mask, sizes
# rounded to a power of two, top-down: 0xfffc, then 0xfff8 for c).  The
# rest is narration and "iommu-lab> COMMAND" lines (docs/console.md).
# Exit 1: ovl1's map fails, as in t0231.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t1002-demo-2015-08 -x ../../docs/demos/2015-08-iova-map-sg.cmds
