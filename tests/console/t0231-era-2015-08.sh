#!/bin/sh
# The 2015-08 dma-iommu thread replayed under v4.4 on mt8173-evb: one
# IOVA allocator per arch domain, one M4U table for all of them.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0231-era-2015-08
