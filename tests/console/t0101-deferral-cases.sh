#!/bin/sh
# Each probe-deferral case of the 2015-05 thread gives the outcome Linux
# 6.1's dd.c and of_iommu.c give it (see docs/driver-core.md).

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0101-deferral-cases
