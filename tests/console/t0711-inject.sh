#!/bin/sh
# inject: each driver callback it can fail, and what Linux 6.1's core does
# with the failure (the .in files say where in the kernel's source), and
# set fail.alloc's fail-nth semantics; bad input changes nothing.

. "$(dirname "$0")/lib.sh"

plan 10

transcript t0711-inject-errors
transcript t0711-fail-alloc
transcript t0711-probe-device
transcript t0711-device-group
transcript t0711-device-group-vtd --board q35-vtd
transcript t0711-attach-dev
transcript t0711-of-xlate
transcript t0711-domain-alloc
transcript t0711-map
transcript t0711-probe
