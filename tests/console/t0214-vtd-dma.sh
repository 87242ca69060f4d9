#!/bin/sh
# DMA by the edu device through the VT-d-like unit: fault reports in 6.1's
# DMAR shape, IOTLB miss and hit, the page-table walk, refused transfers.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0214-vtd-dma --board q35-vtd
