#!/bin/sh
# Bad input to the IOMMU commands: each failure is the kernel's result or
# one error line, and none of them changes the groups, domains or
# mappings (group list, domain list and iova2phys are the same after).

. "$(dirname "$0")/lib.sh"

plan 2

transcript t0201-mt8173-errors
transcript t0201-vtd-errors --board q35-vtd
