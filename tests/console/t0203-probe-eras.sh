#!/bin/sh
# Probe deferral across the eras, on the boards of the 2015-05 cases ("Re:
# [PATCH/RFC 0/4] Probe deferral for IOMMU DT integration", May 2015):
# v4.4 never defers, v4.12 defers only for an IOMMU some driver handles,
# v6.1 also waits for an optional IOMMU with no driver, until the timeout.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0203-probe-eras
