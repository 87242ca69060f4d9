#!/bin/sh
# What mtk_iommu refuses: a specifier that is not one cell (of_xlate), and
# a master whose ports sit behind two larbs (probe_device, "can only use
# one larb").  Either way the master is left out of the M4U's group and
# gets direct DMA.

. "$(dirname "$0")/lib.sh"

plan 2

transcript t0206-two-cells --board t0206-mtk-two-cells.dts
transcript t0206-two-larbs
