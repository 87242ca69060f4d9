#!/bin/sh
# Register windows as large as a device tree can make them: an ioremap()
# costs the same whatever the size of "reg", so a 16 GiB M4U and larbs of
# 1 TiB and 3 EiB bind and work, and the one window larger than the
# simulator's ioremap space fails its probe with the kernel's line.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0207-big-reg --board t0207-big-reg.dts
