#!/bin/sh
# The M4U hardware through the console: stale TLB entries, fault reports,
# a range invalidate the M4U loses (fault injection),
# larb bypass, and bad input.

. "$(dirname "$0")/lib.sh"

plan 6

transcript t0210-m4u-stale-tlb
transcript t0211-m4u-faults
transcript t0212-m4u-bypass
transcript t0213-m4u-bad-input
transcript t0214-m4u-lost-invalidate
transcript t0215-trace-dmesg
