#!/bin/sh
# VFIO type1 group attachment: 6.1's order (a new domain first, then a
# compatible existing one; the fgsp probe; teardown's unmap before the
# domain is freed and ownership after it), each era's flow (v5.19 replays
# "[v3,0/5] Simplify vfio_iommu_type1 attach/detach routine", June 2022,
# with its -EMEDIUMTYPE retry), DMA ownership and the sysfs way of handing
# a device to vfio-pci or vfio-platform, mt2701's gen-1 "return 0", and
# the refusals that keep mt8173's masters from VFIO (reset handler, cache
# coherency, interrupt remapping) with the module parameters that lift
# them, era by era.

. "$(dirname "$0")/lib.sh"

plan 9

transcript t0202-vfio-eras --board q35-vtd-2dmar
transcript t0202-vfio-gen1
transcript t0202-vfio-errors --board q35-vtd
transcript t0202-vfio-order --board q35-vtd
transcript t0202-vfio-ownership --board t0202-vfio-mf.dts
transcript t0202-vfio-refusals
transcript t0202-vfio-sysfs-errors --board q35-vtd
transcript t0202-vfio-errnos --board q35-vtd-2dmar
transcript t0202-vfio-bind-early --board q35-vtd --no-drivers
