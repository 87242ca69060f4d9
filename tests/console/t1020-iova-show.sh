#!/bin/sh
# iova show: a device's IOVA allocator after a few dma map calls on a
# fresh domain, every line derived by hand from 6.1's iova.c (the
# derivation is in t1020-iova-show.in), and its error lines.

. "$(dirname "$0")/lib.sh"

plan 2

transcript t1020-iova-show --board q35-vtd
transcript t1020-iova-show-errors --board q35-vtd
