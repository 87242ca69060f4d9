#!/bin/sh
# The 2015-12 mt8173 thread replayed under v4.4 on mt8173-evb: a domain
# per master from the arch code, the group's never attached; then v4.12,
# one domain for the group.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0232-era-2015-12
