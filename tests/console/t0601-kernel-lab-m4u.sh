#!/bin/sh
# kernel-lab's differential tests for the software M4U: each lab script in
# tests/kernel-lab/m4u/ runs in the simulator (the kernel-lab-m4u board,
# booted with no drivers) and on the real Linux 6.1 IOMMU core and driver
# core (scripts/kernel-lab-run -M q35: QEMU's q35 with no vIOMMU, where
# iommu_lab.ko makes the same board and iommu_lab_m4u.ko is the M4U's
# driver), and the two outputs must agree line by line.  The real kernel
# is the oracle: a difference is a simulator bug until shown otherwise,
# and the test names the first differing line.
#
# The scripts with the same "# boot: NAME=VALUE..." lines share one boot
# (lib-kernel-lab.sh), whose kernel parameters they are; the simulator gets the same as "set NAME VALUE" before
# "board load kernel-lab-m4u --no-drivers", and the lines those print are
# dropped.
#
# Normalised, because the two worlds must differ there and nowhere else:
# - the time in trace lines, "[T]": the simulator's clock is virtual and
#   stands still without `tick`, the module's is the kernel's;
# - physical addresses, "pa=PA": the simulator's RAM and page allocator
#   are its own, the VM's are the kernel's;
# - the lines of the simulator's `dev show` a real kernel has no source
#   for, as in t0600: compatible, of-node and iommus (device tree),
#   probe-attempts, suppliers and consumers.
#
# A script with a "# todo: WHY" line is a TODO test: its difference is
# reported, not counted as a failure.  probe-path.cmds is one: on x86 the
# IOMMU core meets a master when the module adds it, on arm64 when its
# driver probes (docs/kernel-lab.md).
#
# tests/kernel-lab/m4u/bad-input.lines is a list of malformed command
# lines: in the VM each must give exactly one error line, and the kernel
# must neither oops nor warn.  Each also runs alone in the simulator, and
# the two error lines must be the same (lib-bad-input.sh), since both read
# commands with one grammar; lines the module alone refuses say why.  Every VM run
# also checks that unloading the modules leaves no device, driver, IOMMU
# or group behind, and that loading them again finds the platform bus
# free (scripts/kernel-lab-run).
#
# Skips when QEMU or the kernel image is not installed.  Set
# KERNEL_LAB_KEEP=DIR to keep both outputs and the VM's console logs.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-bad-input.sh"
. "$TEST_DIR/lib-kernel-lab.sh"

LAB_DIR=$(cd "$TEST_DIR/../kernel-lab/m4u" && pwd)
RUNNER=$(cd "$TEST_DIR/../../scripts" && pwd)/kernel-lab-run
MODULE=${KERNEL_LAB_MODULE:-}
KEEP=${KERNEL_LAB_KEEP:-}
# Seconds a VM may take.  A boot takes about 4 s on an idle host and
# several times that on a loaded 2-core one (QEMU's TCG gets what the host
# leaves it); the margin costs nothing unless a VM really hangs.
VM_TIMEOUT=${KERNEL_LAB_TIMEOUT:-300}
BOARD=kernel-lab-m4u

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
plan $((count + 3))

if [ -z "$MODULE" ] || [ ! -r "$MODULE" ]; then
	for s in $SCRIPTS; do
		not_ok "$(basename "$s" .cmds): no module (${MODULE:-KERNEL_LAB_MODULE unset}); install linux-headers-amd64 and run make"
	done
	not_ok "bad input: no module"
	not_ok "bad input, the simulator and the kernel: no module"
	exit 1
fi
version=$(tr '\0' '\n' <"$MODULE" | sed -n 's/^vermagic=\([^ ]*\).*/\1/p' | head -n 1)
if [ ! -r "/boot/vmlinuz-$version" ]; then
	echo "# SKIP the module was built for $version, which is not in /boot"
	for s in $SCRIPTS bad bad-compared; do
		ok "$(basename "$s" .cmds) # SKIP no /boot/vmlinuz-$version"
	done
	exit 0
fi

keep() {
	[ -z "$KEEP" ] || { mkdir -p "$KEEP" && cp "$1" "$KEEP/m4u-$2"; }
}

# boot_params SCRIPT: its kernel parameters, one a line.
boot_params() {
	sed -n 's/^#[[:space:]]*boot:[[:space:]]*//p' "$1" | tr ' \t' '\n\n' | sed '/^$/d'
}

# todo_reason SCRIPT: why the script is a TODO test, or nothing.
todo_reason() {
	sed -n 's/^#[[:space:]]*todo:[[:space:]]*//p' "$1" | head -n 1
}

# run_sim SCRIPT OUT: the simulator's output, stdout and errors in order.
run_sim() {
	prologue=$TEST_TMP/prologue.cmds
	: >"$prologue"
	nskip=1
	for p in $(boot_params "$1"); do
		echo "set ${p%%=*} ${p#*=}" >>"$prologue"
		nskip=$((nskip + 1))
	done
	echo "board load $BOARD --no-drivers" >>"$prologue"
	cat "$prologue" "$1" >"$TEST_TMP/sim.cmds"
	iommu_lab --board "$BOARD" "$TEST_TMP/sim.cmds" </dev/null >"$TEST_TMP/sim.raw" 2>&1
	# What set and board load print: "NAME=VALUE: takes effect ..." and "board NAME: ...".
	head -n "$nskip" "$TEST_TMP/sim.raw" >"$TEST_TMP/sim.prologue"
	if grep -qv -e '^[a-z_.]*=.*: takes effect' -e "^board $BOARD: " "$TEST_TMP/sim.prologue"; then
		echo "the simulator refused the prologue:"
		cat "$TEST_TMP/sim.prologue"
		return 1
	fi
	tail -n "+$((nskip + 1))" "$TEST_TMP/sim.raw" >"$2"
}

normalise_common() {
	sed -E -e 's/^\[[0-9]+\.[0-9]+\] /[T] /' -e 's/pa=0x[0-9a-f]+/pa=PA/g'
}

normalise_sim() {
	grep -Ev '^(compatible|of-node|iommus|probe-attempts|suppliers|consumers): ' | normalise_common
}

# first_difference A B: "line N: simulator: ... / kernel: ..." for the first line that differs.
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

# One boot for the scripts with the same "# boot:" lines (lib-kernel-lab.sh).
# shellcheck disable=SC2086
vm_run_by_boot q35 "$TEST_TMP/vm" $SCRIPTS
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

# Malformed lines: one error line each, and a kernel that stays quiet.
bad=$LAB_DIR/bad-input.lines
if ! "$RUNNER" -M q35 -m "$MODULE" -t "$VM_TIMEOUT" "$bad" >"$TEST_TMP/bad.out" 2>"$TEST_TMP/why"; then
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
	if compare_bad_input "$bad" "$TEST_TMP/bad.out" "$BOARD" \
		"board load $BOARD --no-drivers" >"$TEST_TMP/why"; then
		ok "bad input, the simulator and the kernel: $(tail -n 1 "$TEST_TMP/why"), the same error lines"
	else
		not_ok "bad input, the simulator and the kernel give different lines"
		tap_comment <"$TEST_TMP/why"
	fi
fi
[ "$test_failures" -eq 0 ]
