#!/bin/sh
# The DMA API through dma-iommu on q35-vtd: IOVAs and DMA segments worked
# out by hand from Linux 6.1's algorithms, and bad input.

. "$(dirname "$0")/lib.sh"

plan 6

transcript t0300-dma-map-sg --board q35-vtd
transcript t0301-dma-map-errors --board q35-vtd
transcript t0302-dma-alloc
transcript t0303-dma-limits --board q35-vtd
transcript t0304-dma-direct
transcript t0305-dma-iommu-gone
