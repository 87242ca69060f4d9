#!/bin/sh
# The 2022-11 deferred-attach review replayed under v6.1 and v6.2 on the
# kdump boards: the first DMA API attach, and the skipped detach whose
# freed domain edu keeps translating through.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0233-era-2022-11
