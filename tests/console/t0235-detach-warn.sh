#!/bin/sh
# detach as 6.1 does it: iommu_detach_group() ignores its domain and puts
# the group back on its core-owned domain; iommu_detach_device() WARNs and
# does nothing for a domain the group is not on or a device that shares
# its group.  The WARN is in the log as 6.1's __warn() starts it
# (kernel/panic.c): the cut-here line, then "WARNING: CPU: 0 PID: 1 at
# FILE:LINE FUNC" (sim/base/printk.c says why those fields); the line
# number is the simulator's own, so only its shape is checked.  Before
# v5.19 iommu_detach_device() had no WARN_ON for the domain, only one for
# a shared group (v4.12: "if (iommu_group_device_count(group) != 1) {
# WARN_ON(1); ...").

. "$(dirname "$0")/lib.sh"

plan 7

transcript t0235-detach-mt8173
transcript t0235-detach-vtd --board q35-vtd

warn_re='^\[0\.000000\] WARNING: CPU: 0 PID: 1 at [^ ]*sim/iommu/domain\.c:[0-9][0-9]* iommu_detach_device$'
cut='[0.000000] ------------[ cut here ]------------'

# $1: test name, $2: how many WARNs, the rest: iommu-lab's arguments.
# Passes when every command worked (no error line) and the log has that
# many cut-here lines, each followed by iommu_detach_device()'s WARNING
# line.
count_warns() {
	name=$1 want=$2
	shift 2
	iommu_lab "$@" >"$TEST_TMP/out" 2>&1
	cuts=$(grep -cxF -e "$cut" "$TEST_TMP/out")
	warns=$(grep -A1 -xF -e "$cut" "$TEST_TMP/out" | grep -c -e "$warn_re")
	errors=$(grep -c '^error:' "$TEST_TMP/out")
	if [ "$errors" = 0 ] && [ "$cuts" = "$want" ] && [ "$warns" = "$want" ]; then
		ok "$name"
	else
		not_ok "$name"
		echo "want $want WARNs; cut-here lines: $cuts, WARNING lines after them: $warns" |
			tap_comment
		grep -A1 -e 'cut here' -e '^error:' "$TEST_TMP/out" | tap_comment
	fi
}

# v6.1, mt8173-evb: a shared group (the second WARN_ON), another domain
# (the first), and a group detach from another domain (none): two.
count_warns "v6.1: two WARNs in the log, none for the group" 2 \
	-c 'domain alloc d1 unmanaged; domain alloc d2 unmanaged; attach d1 group:0;
	    detach d2 group:0; detach dom0 ovl0; detach d1 ovl0; dmesg'
# v6.1, q35-vtd: edu on u0, dom3 named: the first WARN_ON.
count_warns "v6.1: another domain WARNs" 1 --board q35-vtd \
	-c 'domain alloc u0 unmanaged; attach u0 edu; detach dom3 edu; dmesg'
# v5.19 already has it.
count_warns "v5.19: another domain WARNs" 1 --board q35-vtd \
	-c 'era v5.19; reset; domain alloc u0 unmanaged; attach u0 edu; detach dom3 edu; dmesg'
# v4.12: no WARN_ON for the domain.  Its VT-d groups have no default
# domain (no dom3), so the domain named is a second unmanaged one.
count_warns "v4.12: another domain does not WARN" 0 --board q35-vtd \
	-c 'era v4.12; reset; domain alloc u0 unmanaged; domain alloc u1 unmanaged;
	    attach u0 edu; detach u1 edu; dmesg'
# v4.12: a shared group WARNs, whatever the domain.
count_warns "v4.12: a shared group WARNs" 2 \
	-c 'era v4.12; reset; domain alloc d1 unmanaged; detach dom0 ovl0; detach d1 ovl0; dmesg'
