#!/bin/sh
# `era` prints the era it set, how it differs from v6.1, and whether the
# board's boot is that era's or needs a reset (issue 15).

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0208-era-says
