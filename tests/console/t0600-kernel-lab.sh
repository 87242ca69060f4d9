#!/bin/sh
# kernel-lab's differential tests: each lab script in tests/kernel-lab/
# runs in the simulator (iommu-lab --board q35-vtd) and on the real Linux
# 6.1 IOMMU core (scripts/kernel-lab-run: QEMU's q35 with intel-iommu and
# edu), and the two outputs must agree line by line.  The real kernel is
# the oracle: a difference is a simulator bug until shown otherwise, and
# the test names the first differing line.
#
# The scripts with the same "# boot: NAME=VALUE..." lines share one boot
# (lib-kernel-lab.sh), whose kernel parameters they are; the simulator gets the same as "set NAME VALUE" and "reset" before
# the script, and the two lines those print are dropped.
#
# Normalised, because the two worlds must differ there and nowhere else:
# - PCI names: the kernel's 0000:00:03.0 is the board's edu;
# - physical addresses (pa=0x...): the VM's allocator is not the board's;
# - the lines of the simulator's `dev show` a real kernel has no source for:
#   compatible, of-node and iommus (device tree), probe-attempts (a count
#   the driver core keeps to itself), suppliers and consumers (device
#   links, which a module cannot read safely);
# - the simulator's `group list` lines of groups without edu: the module
#   lists the groups of the devices it binds, edu's only, while the
#   simulator lists every group (q35's MCH, VGA, NIC and ICH9 functions
#   are in groups 0, 1, 2 and 4 on both sides);
# - the IOTLB's answer at the end of a DMA's translated piece (" iova=0x..
#   pa=0x.. len=0x.. hit" or "miss"), dropped from the simulator's lines:
#   a real IOTLB cannot be watched, and the module prints the piece from
#   the page table without it.  Aborted pieces (" pa=- ... abort") are
#   compared whole;
# - domain names: the kernel has none, and the module numbers the domains
#   in the order it first prints them, so the simulator's names, which
#   follow allocation (edu's default domain is dom3, after those of groups
#   0-2), are numbered again the module's way, in order of first
#   appearance.  (Allocation order could not be matched from the module
#   under passthrough anyway: 6.1 gives every group its one si_domain, the
#   simulator each group a handle of its own.)
# Group numbers are compared as they are, and so are the kernel log lines
# of DMAR faults ("DMAR: ..."), which the module prints before a DMA's
# lines as the simulator's console does.
#
# The kernel log: each VM's console log (kernel-lab-run -l) holds the
# boot's IOMMU lines, and they must be the simulator's dmesg lines after
# the same boot parameters, in order: iommu_subsys_init()'s "iommu:
# Default domain type: ..." and "iommu: DMA domain TLB invalidation
# policy: ...", every "pci 0000:BB:DD.F: Adding to iommu group N", and
# "DMAR: Intel(R) Virtualization Technology for Directed I/O".  Compared
# as they are, times cut off; one test for all the boots.  (QEMU's unit
# has queued invalidation, the model not: "DMAR: dmar0: Using ...
# invalidation" is left out, as are the ACPI DMAR table's lines, which the
# simulator's device-tree unit has no source for.)  Each boot's iommu
# groups' reserved regions are compared too, with the same test: the VM's
# init prints every /sys/kernel/iommu_groups/N/reserved_regions line
# ("@@kernel-lab-resv N START END TYPE"), the simulator's `group show N`
# its "reserved:" lines (on q35 the LPC bridge's group has the floppy
# workaround's 0-16 MiB direct-relaxable region, every group the MSI
# window).
#
# A script with a "# todo: WHY" line is a TODO test: its difference is
# reported, not counted as a failure.  dma-fault-collapse.cmds is one: the
# simulator services the unit's fault interrupt between the pages of one
# transfer, QEMU only after the transfer (docs/kernel-lab.md).
#
# tests/kernel-lab/bad-input.lines is a list of malformed command lines:
# in the VM each must give exactly one error line, and the kernel must
# neither oops nor warn.  Each also runs alone in the simulator, and the
# two error lines must be the same (lib-bad-input.sh), since both read
# commands with one grammar; lines the module alone refuses say why.
#
# Skips when QEMU or the kernel image is not installed.  Set
# KERNEL_LAB_KEEP=DIR to keep both outputs and the VM's console logs.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-bad-input.sh"
. "$TEST_DIR/lib-kernel-lab.sh"

LAB_DIR=$(cd "$TEST_DIR/../kernel-lab" && pwd)
RUNNER=$(cd "$TEST_DIR/../../scripts" && pwd)/kernel-lab-run
MODULE=${KERNEL_LAB_MODULE:-}
KEEP=${KERNEL_LAB_KEEP:-}
# Seconds a VM may take.  A boot takes about 5 s on an idle host and
# several times that on a loaded 2-core one (QEMU's TCG gets what the host
# leaves it); the margin costs nothing unless a VM really hangs.
VM_TIMEOUT=${KERNEL_LAB_TIMEOUT:-300}

if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
	echo "1..0 # SKIP qemu-system-x86_64 is not installed (qemu-system-x86)"
	exit 0
fi
if ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
	echo "1..0 # SKIP no kernel image in /boot (linux-image-amd64)"
	exit 0
fi

SCRIPTS=$(ls "$LAB_DIR"/*.cmds | LC_ALL=C sort)
count=$(echo "$SCRIPTS" | wc -l)
plan $((count + 5))

# The module is built by `make` when linux-headers-amd64 is installed; the
# kernel it was built for must be the one in /boot.
if [ -z "$MODULE" ] || [ ! -r "$MODULE" ]; then
	for s in $SCRIPTS; do
		not_ok "$(basename "$s" .cmds): no module (${MODULE:-KERNEL_LAB_MODULE unset}); install linux-headers-amd64 and run make"
	done
	not_ok "bad input: no module"
	not_ok "bad input, the simulator and the kernel: no module"
	not_ok "a kernel panic fails the run: no module"
	not_ok "kernel log: no module"
	exit 1
fi
version=$(tr '\0' '\n' <"$MODULE" | sed -n 's/^vermagic=\([^ ]*\).*/\1/p' | head -n 1)
if [ ! -r "/boot/vmlinuz-$version" ]; then
	echo "# SKIP the module was built for $version, which is not in /boot"
	for s in $SCRIPTS bad bad-compared panic klog; do
		ok "$(basename "$s" .cmds) # SKIP no /boot/vmlinuz-$version"
	done
	exit 0
fi

keep() {
	[ -z "$KEEP" ] || { mkdir -p "$KEEP" && cp "$1" "$KEEP/$2"; }
}

# boot_params SCRIPT: its kernel parameters, one a line.
boot_params() {
	sed -n 's/^#[[:space:]]*boot:[[:space:]]*//p' "$1" | tr ' \t' '\n\n' | sed '/^$/d'
}

# run_sim SCRIPT OUT: the simulator's output, stdout and errors in order.
run_sim() {
	prologue=$TEST_TMP/prologue.cmds
	: >"$prologue"
	nskip=0
	for p in $(boot_params "$1"); do
		echo "set ${p%%=*} ${p#*=}" >>"$prologue"
		nskip=$((nskip + 1))
	done
	if [ "$nskip" -gt 0 ]; then
		echo reset >>"$prologue"
		nskip=$((nskip + 1))
	fi
	cat "$prologue" "$1" >"$TEST_TMP/sim.cmds"
	iommu_lab --board q35-vtd "$TEST_TMP/sim.cmds" </dev/null >"$TEST_TMP/sim.raw" 2>&1
	# What set and reset print: "NAME=VALUE: takes effect ..." and "board q35-vtd: ...".
	head -n "$nskip" "$TEST_TMP/sim.raw" >"$TEST_TMP/sim.prologue"
	if grep -qv -e '^[a-z_.]*=.*: takes effect' -e '^board q35-vtd: ' "$TEST_TMP/sim.prologue"; then
		echo "the simulator refused a boot parameter:"
		cat "$TEST_TMP/sim.prologue"
		return 1
	fi
	tail -n "+$((nskip + 1))" "$TEST_TMP/sim.raw" >"$2"
}

normalise_common() {
	sed -E -e 's/0000:00:03\.0/edu/g' -e 's/pa=0x[0-9a-f]+/pa=PA/g'
}

# Only edu's group; domain names numbered in order of first appearance;
# no IOTLB word on a DMA's translated pieces.
normalise_sim() {
	grep -Ev '^(compatible|of-node|iommus|probe-attempts|suppliers|consumers): ' |
	sed -E 's/^( iova=0x[0-9a-f]+ pa=0x[0-9a-f]+ len=0x[0-9a-f]+) (hit|miss)$/\1/' |
	awk '/^group [0-9]+ devices=/ && $3 !~ /^devices=(.*,)?edu(,.*)?$/ { next }
	{
		out = ""
		while (match($0, /domain=dom[0-9]+/)) {
			name = substr($0, RSTART + 7, RLENGTH - 7)
			if (!(name in seen))
				seen[name] = "dom" n++
			out = out substr($0, 1, RSTART + 6) seen[name]
			$0 = substr($0, RSTART + RLENGTH)
		}
		print out $0
	}' | normalise_common
}

# The kernel log lines both sides must print, from a log on standard
# input, time stamps cut off.
klog_lines() {
	sed -n 's/^\[ *[0-9]*\.[0-9]*\] //p' |
		grep -E -e '^iommu: (Default domain type|DMA domain TLB invalidation policy): ' \
			-e '^pci [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]: Adding to iommu group [0-9]+$' \
			-e '^DMAR: Intel\(R\) Virtualization Technology for Directed I/O$'
}

# compare_klog SCRIPT LOG: the boot's lines in the VM's LOG against the
# simulator's dmesg after SCRIPT's boot parameters; a difference is
# appended to $TEST_TMP/klog.why.
compare_klog() {
	: >"$TEST_TMP/klog.cmds"
	for p in $(boot_params "$1"); do
		echo "set ${p%%=*} ${p#*=}" >>"$TEST_TMP/klog.cmds"
	done
	printf 'reset\ndmesg\n' >>"$TEST_TMP/klog.cmds"
	sed -n 's/^@@kernel-lab-resv //p' "$2" | LC_ALL=C sort -s -n -k1,1 >"$TEST_TMP/resv.kernel"
	for g in $(cut -d' ' -f1 "$TEST_TMP/resv.kernel" | uniq); do
		echo "group show $g" >>"$TEST_TMP/klog.cmds"
	done
	iommu_lab --board q35-vtd "$TEST_TMP/klog.cmds" </dev/null >"$TEST_TMP/klog.raw" 2>&1
	klog_lines <"$TEST_TMP/klog.raw" >"$TEST_TMP/klog.sim"
	awk '/^group [0-9]+$/ { g = $2 } /^reserved: / { print g, $2, $3, $4 }' \
		"$TEST_TMP/klog.raw" >>"$TEST_TMP/klog.sim"
	klog_lines <"$2" >"$TEST_TMP/klog.kernel"
	cat "$TEST_TMP/resv.kernel" >>"$TEST_TMP/klog.kernel"
	klog_boots=$((klog_boots + 1))
	if ! first_difference "$TEST_TMP/klog.sim" "$TEST_TMP/klog.kernel" >"$TEST_TMP/klog.diff"; then
		echo "$(basename "$1" .cmds):" >>"$TEST_TMP/klog.why"
		cat "$TEST_TMP/klog.diff" >>"$TEST_TMP/klog.why"
	fi
}

# todo_reason SCRIPT: why the script is a TODO test, or nothing.
todo_reason() {
	sed -n 's/^#[[:space:]]*todo:[[:space:]]*//p' "$1" | head -n 1
}

# first_difference A B: "line N: sim: ... / kernel: ..." for the first line that differs.
first_difference() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		for (n = 1; ; n++) {
			ra = (getline la < a) > 0
			rb = (getline lb < b) > 0
			if (!ra && !rb)
				exit 0
			if (!ra)
				la = "(end of output)"
			if (!rb)
				lb = "(end of output)"
			if (!ra || !rb || la != lb) {
				printf "first difference at line %d\n  simulator: %s\n  kernel:    %s\n", n, la, lb
				exit 1
			}
		}
	}'
}

klog_boots=0
klog_done=
: >"$TEST_TMP/klog.why"
# One boot for the scripts with the same "# boot:" lines (lib-kernel-lab.sh).
# shellcheck disable=SC2086
vm_run_by_boot q35-vtd "$TEST_TMP/vm" $SCRIPTS
for s in $SCRIPTS; do
	name=$(basename "$s" .cmds)
	todo=$(todo_reason "$s")
	directive=${todo:+ # TODO $todo}
	if ! run_sim "$s" "$TEST_TMP/$name.sim" >"$TEST_TMP/why" 2>&1; then
		not_ok "$name: simulator"
		tap_comment <"$TEST_TMP/why"
		continue
	fi
	boot=$(cat "$TEST_TMP/vm/$name.boot")
	if ! vm_verdict "$TEST_TMP/vm" "$name" >"$TEST_TMP/why"; then
		not_ok "$name: the VM run failed"
		tap_comment <"$TEST_TMP/why"
		keep "$TEST_TMP/vm/boot-$boot.log" "boot-$boot.log"
		continue
	fi
	cp "$TEST_TMP/vm/$name.out" "$TEST_TMP/$name.kernel"
	keep "$TEST_TMP/$name.sim" "$name.sim"
	keep "$TEST_TMP/$name.kernel" "$name.kernel"
	keep "$TEST_TMP/vm/boot-$boot.log" "boot-$boot.log"
	# The boot's lines, once a boot: those before its first script (a
	# rescan of edu between scripts adds its group again).
	case " $klog_done " in
	*" $boot "*) ;;
	*)
		klog_done="$klog_done $boot"
		sed '/@@kernel-lab-script /,$d' "$TEST_TMP/vm/boot-$boot.log" >"$TEST_TMP/boot.log"
		compare_klog "$s" "$TEST_TMP/boot.log"
		;;
	esac
	normalise_sim <"$TEST_TMP/$name.sim" >"$TEST_TMP/$name.sim.n"
	normalise_common <"$TEST_TMP/$name.kernel" >"$TEST_TMP/$name.kernel.n"
	if first_difference "$TEST_TMP/$name.sim.n" "$TEST_TMP/$name.kernel.n" >"$TEST_TMP/why"; then
		ok "$name: $(wc -l <"$TEST_TMP/$name.kernel.n") lines agree$directive"
	elif [ -n "$todo" ]; then
		# A TODO test's failure is expected: it does not count.
		test_count=$((test_count + 1))
		echo "not ok $test_count - $name: the simulator and the kernel differ$directive"
		tap_comment <"$TEST_TMP/why"
	else
		not_ok "$name: the simulator and the kernel differ"
		tap_comment <"$TEST_TMP/why"
	fi
done
if vm_boots_ok "$TEST_TMP/vm" >"$TEST_TMP/why"; then
	ok "the VM's boots ended well: the modules loaded again, no complaint outside a script"
else
	not_ok "a VM boot went wrong outside its scripts"
	tap_comment <"$TEST_TMP/why"
fi

if [ "$klog_boots" -eq 0 ]; then
	not_ok "kernel log: no VM run to compare with"
elif [ -s "$TEST_TMP/klog.why" ]; then
	not_ok "kernel log: the simulator's boot lines or reserved regions differ from the kernel's"
	tap_comment <"$TEST_TMP/klog.why"
else
	ok "kernel log: $klog_boots boots, the IOMMU boot lines and the groups' reserved regions agree"
fi

# Malformed lines: one error line each, and a kernel that stays quiet.
bad=$LAB_DIR/bad-input.lines
if ! "$RUNNER" -m "$MODULE" -t "$VM_TIMEOUT" "$bad" >"$TEST_TMP/bad.out" 2>"$TEST_TMP/why"; then
	not_ok "bad input: the VM run failed"
	tap_comment <"$TEST_TMP/why"
	not_ok "bad input, the simulator and the kernel: the VM run failed"
else
	nlines=$(grep -cv -e '^$' -e '^#' "$bad")
	nerr=$(grep -c '^error: ' "$TEST_TMP/bad.out")
	nall=$(wc -l <"$TEST_TMP/bad.out")
	if [ "$nerr" -eq "$nlines" ] && [ "$nall" -eq "$nlines" ]; then
		ok "bad input: $nlines malformed lines, one error line each, no oops or warning"
	else
		not_ok "bad input: $nlines malformed lines gave $nerr error lines in $nall"
		tap_comment <"$TEST_TMP/bad.out"
	fi
	if compare_bad_input "$bad" "$TEST_TMP/bad.out" q35-vtd >"$TEST_TMP/why"; then
		ok "bad input, the simulator and the kernel: $(tail -n 1 "$TEST_TMP/why"), the same error lines"
	else
		not_ok "bad input, the simulator and the kernel give different lines"
		tap_comment <"$TEST_TMP/why"
	fi
fi
# The boot parameters that keep a loaded host from failing a run
# (scripts/kernel-lab-run's timing_args) must not hide a real failure:
# with no init to run, the kernel panics, and the run fails naming it.
if "$RUNNER" -m "$MODULE" -t "$VM_TIMEOUT" -a rdinit=/nonexistent "$LAB_DIR/align.cmds" \
	>"$TEST_TMP/panic.out" 2>"$TEST_TMP/why"; then
	not_ok "a kernel panic fails the run: the run passed"
	tap_comment <"$TEST_TMP/panic.out"
elif grep -q '^kernel-lab-run: .*: the kernel complained: .*Kernel panic' "$TEST_TMP/why"; then
	ok "a kernel panic fails the run, and the runner names it"
else
	not_ok "a kernel panic fails the run: the runner did not name the panic"
	tap_comment <"$TEST_TMP/why"
fi
[ "$test_failures" -eq 0 ]
