#!/bin/sh
# q35-vtd under v4.4 and v4.12: every PCI function grouped, an added one
# too, and no default domain (VT-d made unmanaged domains only).

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0234-era-vtd-groups
