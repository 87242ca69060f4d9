#!/bin/sh
# The IOMMU core on mt8173-evb, Linux 6.1: one M4U group, one default
# domain, and the order the driver sees its callbacks in ("Re: [PATCH v6
# 4/5] iommu/mediatek: Add mt8173 IOMMU driver", December 2015, as it
# ended up).  See docs/iommu-core.md.

. "$(dirname "$0")/lib.sh"

plan 3

transcript t0200-mt8173-group
transcript t0200-attach-twice
transcript t0200-free-domain
