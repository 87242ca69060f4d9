#!/bin/sh
# The 2015-05 probe-deferral thread's cases replayed under v4.12, the
# era that merged its design (what t0203-probe-eras does not play).

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0230-era-2015-05
