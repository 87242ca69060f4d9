#!/bin/sh
# Object lifetimes as 6.1 keeps them: deleting suppliers that others hold
# by reference, removals VFIO or DMA mappings block, domains a driver
# frees while VFIO still holds them, and a half-made fwspec probed again.
# Each ran into freed memory before, so they run on the console built
# with ASan and UBSan when make test names it; a report fails the compare.

IOMMU_LAB=${IOMMU_LAB_SAN:-${IOMMU_LAB:-}}
. "$(dirname "$0")/lib.sh"

plan 9

transcript t0800-supplier-del
transcript t0800-smi-common-del
transcript t0800-link-deleted-larb
transcript t0800-smi-common-gone
transcript t0800-vfio-holds --board q35-vtd
transcript t0800-dma-holds --board q35-vtd
transcript t0800-pci-added-holds --board q35-vtd
transcript t0800-free-domain-vfio
transcript t0800-two-cells-reload --board t0206-mtk-two-cells.dts
