#!/bin/sh
# VFIO type1 group attachment, replaying "[v3,0/5] Simplify
# vfio_iommu_type1 attach/detach routine" (June 2022): groups behind one
# IOMMU share a container domain; a group behind an incompatible IOMMU
# gets -EMEDIUMTYPE (v5.19, the proposal) or -EINVAL (v6.1) from the
# attach and a domain of its own; and mt2701's gen-1 "return 0".

. "$(dirname "$0")/lib.sh"

plan 3

transcript t0202-vfio-eras --board q35-vtd-2dmar
transcript t0202-vfio-gen1
transcript t0202-vfio-errors --board q35-vtd
