#!/bin/sh
# The default domain's type from iommu.strict and iommu.passthrough (6.1's
# iommu_subsys_init: lazy -> DMA-FQ, strict -> DMA, passthrough ->
# identity), and the DMA fallback for a driver that cannot make the type.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0205-default-domain-type --board q35-vtd
