#!/bin/sh
# A device whose attach is deferred, explicitly detached ("Re: [PATCH v3
# 18/20] iommu: Call set_platform_dma if default domain is unavailable",
# November 2022): v6.1's __iommu_detach_device() skips it, so its context
# keeps pointing at a domain the caller then frees; v6.2 detaches.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0204-deferred-attach --board q35-vtd-kdump
