#!/bin/sh
# DMA by the edu device through the VT-d-like unit: fault reports in 6.1's
# DMAR shape, IOTLB miss and hit, the page-table walk, refused transfers;
# a PCI function grouped as it is added, with no driver; and where
# `dev add ... bus=pci` puts one, with its requester ID and specifier,
# and its refusal while there is no PCI bus (no host-bridge driver); the
# ISA bridge's direct region and its identity map; unmapping where
# nothing is mapped (6.1's sizes of the level the walk stopped at) and
# the core's "unaligned" lines.

. "$(dirname "$0")/lib.sh"

plan 6

transcript t0214-vtd-dma --board q35-vtd
transcript t0216-vtd-pci-add --board q35-vtd
transcript t0217-vtd-pci-slot --board q35-vtd
transcript t0216-vtd-pci-nobus
transcript t0219-vtd-direct --board q35-vtd
transcript t0214-vtd-unmap --board q35-vtd
