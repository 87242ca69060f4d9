#!/bin/sh
# iova show: a device's IOVA allocator after a few dma map calls on a
# fresh domain, every line derived by hand from 6.1's iova.c (the
# derivation is in t1020-iova-show.in), and its error lines; and the
# allocators of functions with no driver, which VT-d's probe_finalize set
# up at boot, and of edu after its driver unbinds (t1020-iova-show-unbound.in).

. "$(dirname "$0")/lib.sh"

plan 3

transcript t1020-iova-show --board q35-vtd
transcript t1020-iova-show-errors --board q35-vtd
transcript t1020-iova-show-unbound --board q35-vtd
