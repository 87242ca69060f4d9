#!/bin/sh
# The machine checking itself (docs/invariants.md): each invariant
# provoked through what the console offers (a driver variant, unmap
# nosync, register writes with mmio write, a driver bound where it must
# not be), with the reports worked out beside each transcript, and how a
# report is made once and again.

. "$(dirname "$0")/lib.sh"

plan 6

transcript t0220-check-translation
transcript t0220-check-vfio-owner --board q35-vtd
transcript t0220-check-freed
transcript t0220-check-mapping
transcript t0220-check-tlb
transcript t0220-check-report
