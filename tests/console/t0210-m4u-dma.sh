#!/bin/sh
# The M4U hardware through the console: stale TLB entries, fault reports,
# larb bypass, and bad input.

. "$(dirname "$0")/lib.sh"

plan 5

transcript t0210-m4u-stale-tlb
transcript t0211-m4u-faults
transcript t0212-m4u-bypass
transcript t0213-m4u-bad-input
transcript t0215-trace-dmesg
