#!/bin/sh
# `set iova.allocator augmented`: the augmented IOVA tree places every
# range where 6.1's walk does, so the DMA API gives the same IOVAs as with
# the default; the expected lines are t0300's and t0303's, derived there by
# hand from 6.1's iova.c.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0306-iova-allocator --board q35-vtd
exit $test_failures
