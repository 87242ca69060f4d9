#!/bin/sh
# Probe deferral on mt8173-evb when the drivers load in the wrong order:
# masters first, then the M4U, then the SMI drivers.  The expected deferral
# reasons and the probe-attempt count are worked out from drivers/base/dd.c
# in the comments of the .in script.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0100-deferral-mt8173 --board mt8173-evb --no-drivers
