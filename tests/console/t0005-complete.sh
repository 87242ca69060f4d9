#!/bin/sh
# What Tab offers for each kind of argument, checked through `complete`.

. "$(dirname "$0")/lib.sh"

plan 1

transcript t0005-complete
