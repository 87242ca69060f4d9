#!/bin/sh
# kernel-lab's VFIO differential test: each script in tests/kernel-lab/vfio/
# runs in the simulator (iommu-lab --board q35-vtd-2edu, with `trace on`)
# and on the real Linux 6.1 VFIO and IOMMU core
# (scripts/kernel-lab-vfio-run: QEMU's q35 with intel-iommu and two edus,
# the Debian kernel's vfio-pci and vfio_iommu_type1, and lab-vfio, a user
# program doing each line with sysfs writes and VFIO ioctls).  Both sides
# are cut into the script's steps, each with the console's line for it and
# the iommu events it set off, and compared: the kernel's with NAME.expected,
# worked out by hand from 6.1's sources, and the simulator's with the
# kernel's.  The real kernel is the oracle: a difference is a simulator bug
# until shown otherwise, and the test names the step and event.
#
# The events compared are 6.1's iommu tracepoints
# (include/trace/events/iommu.h), in the shape the kernel gives them:
#   attach_device_to_domain dev=D     detach_device_from_domain dev=D
#   add_device_to_group group=N dev=D remove_device_from_group group=N dev=D
#   map iova=0x.. size=0x..           unmap iova=0x.. size=0x.. unmapped=0x..
#   io_page_fault dev=D iova=0x.. flags=0x..
# From the simulator's trace, the events of those names that 6.1 would
# have traced: an attach or a map only when it succeeded (ret=0), as
# __iommu_attach_device() and __iommu_map() trace only then, and an
# add_device_to_group only when it did; and its WARN and BUG events, whose
# counterpart on the real kernel (a WARNING: or BUG: line) fails the VM
# run.  Its other events (domain_alloc, vtd_context, ...) have no
# tracepoint in 6.1 and are left out.
#
# Normalised, because the two worlds must differ there and nowhere else:
# - device names: the kernel's PCI names are the board's labels, by the
#   table below, checked in the VM (the runner fails when a named function
#   is not an edu);
# - physical addresses: map's paddr is left out, the VM's allocator is not
#   the board's;
# - physical pinning: VFIO_IOMMU_MAP_DMA pins the user's pages and maps
#   each physically contiguous run with an iommu_map() of its own
#   (vfio_pin_map_dma()), and vfio_unmap_unpin() unmaps such runs one
#   iommu_unmap_fast() each, so the real trace has a map (unmap) event per
#   run, wherever the VM's page allocator put the pages; the simulator's
#   fresh memory is one run.  So within one step, consecutive map (unmap)
#   events whose IOVA ranges follow each other and lie inside one range a
#   successful `vfio map` of the script mapped are merged into one event
#   with their sizes (and unmapped sizes) added up, on both sides.  IOVAs
#   and sizes are then compared exactly.  Nothing else is merged: the fgsp
#   probe's map at IOVA 0 and its two unmaps, events of different steps,
#   and maps or unmaps that cross from one VFIO mapping into another stay
#   as they are;
# - numbers: the kernel prints IOVAs with leading zeros and sizes in
#   decimal, the simulator in hex: both are written as 0x hex.
# Group numbers are compared as they are (groups 3 and 4 on both sides),
# and so is the console's line for each step, which lab-vfio prints in the
# console's format with the kernel's result: the simulator's result lines
# are those of the script's commands (`dev unbind|bind`, `DEV
# driver_override=`, `vfio ...`, `error: ...`).
#
# The scripts share one boot (kernel-lab-vfio-run -o), each with a
# lab-vfio of its own and the trace cleared before it; each must give the
# edus back to their driver at its end, as the simulator's side starts
# from a fresh board.
#
# A script with a "# todo: WHY" line is a TODO test for the simulator's
# side: its difference is reported, not counted as a failure.
#
# Skips when QEMU or the kernel image is not installed.  Set
# KERNEL_LAB_KEEP=DIR to keep both sides and the VM's console log.

. "$(dirname "$0")/lib.sh"

LAB_DIR=$(cd "$TEST_DIR/../kernel-lab/vfio" && pwd)
RUNNER=$(cd "$TEST_DIR/../../scripts" && pwd)/kernel-lab-vfio-run
MODULE=${KERNEL_LAB_MODULE:-}
KEEP=${KERNEL_LAB_KEEP:-}
VM_TIMEOUT=${KERNEL_LAB_TIMEOUT:-300}
BOARD=q35-vtd-2edu
# The board's devices and the VM's: QEMU puts the two edus in the first
# free slots, after VGA (00:01.0) and the NIC (00:02.0).
DEVICES="edu0=0000:00:03.0 edu1=0000:00:04.0"

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
plan $((count * 2))

if [ -z "$MODULE" ] || [ ! -r "$MODULE" ]; then
	for s in $SCRIPTS; do
		not_ok "$(basename "$s" .cmds): no module (${MODULE:-KERNEL_LAB_MODULE unset}); install linux-headers-amd64 and run make"
		not_ok "$(basename "$s" .cmds), the simulator: no module"
	done
	exit 1
fi
version=$(tr '\0' '\n' <"$MODULE" | sed -n 's/^vermagic=\([^ ]*\).*/\1/p' | head -n 1)
if [ ! -r "/boot/vmlinuz-$version" ]; then
	echo "# SKIP the module was built for $version, which is not in /boot"
	for s in $SCRIPTS; do
		ok "$(basename "$s" .cmds) # SKIP no /boot/vmlinuz-$version"
		ok "$(basename "$s" .cmds), the simulator # SKIP no /boot/vmlinuz-$version"
	done
	exit 0
fi

keep() {
	[ -z "$KEEP" ] || { mkdir -p "$KEEP" && cp "$1" "$KEEP/vfio-$2"; }
}

# steps SCRIPT: its commands, "N COMMAND" a line, N from 1, without
# comments and surrounding blanks, as lab-vfio numbers them.
steps() {
	sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" |
		awk 'NF { print ++n " " $0 }'
}

todo_reason() {
	sed -n 's/^#[[:space:]]*todo:[[:space:]]*//p' "$1" | head -n 1
}

# The simulator's side: each command after the lines `help trace clear`
# prints (the first of them marks a new step), its trace shown and
# cleared after it.  The simulator records from its boot on, the kernel's
# iommu events are off until the script's `trace on`: the simulator
# starts with `trace off`, as the VM does.
iommu_lab -c 'help trace clear' >"$TEST_TMP/marker" 2>&1
marker=$(head -n 1 "$TEST_TMP/marker")
marker_lines=$(wc -l <"$TEST_TMP/marker")

run_sim() {
	{
		echo 'trace off'
		echo 'trace clear'
		cut -d ' ' -f 2- "$TEST_TMP/steps" | while IFS= read -r line; do
			echo 'help trace clear'
			echo "$line"
			echo 'trace show'
			echo 'trace clear'
		done
	} >"$TEST_TMP/sim.cmds"
	iommu_lab --board "$BOARD" "$TEST_TMP/sim.cmds" </dev/null >"$1" 2>&1 || true
}

# The awk functions both sides share: hex numbers of any size up to 2^53
# (mawk's printf %x stops at 32 bits), and the device table.
AWK_LIB='
function hex(s,   v, i) {
	s = tolower(s)
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function tohex(v,   s, d) {
	s = ""
	do {
		d = v - int(v / 16) * 16
		s = substr("0123456789abcdef", d + 1, 1) s
		v = int(v / 16)
	} while (v > 0)
	return "0x" s
}
function devname(pci,   i, n, pair, kv) {
	n = split(devices, pair, " ")
	for (i = 1; i <= n; i++) {
		split(pair[i], kv, "=")
		if (kv[2] == pci)
			return kv[1]
	}
	return pci
}
# value(KEY): the value of KEY=VALUE among the fields of the line.
function value(key,   i) {
	for (i = 1; i <= NF; i++)
		if (index($i, key "=") == 1)
			return substr($i, length(key) + 2)
	return ""
}
function emit(step, text) {
	ev[step] = ev[step] "  " text "\n"
}
function print_steps(   i) {
	if (res[0] != "" || ev[0] != "")
		printf "@@step 0: (before the script)\n%s%s", res[0], ev[0]
	for (i = 1; i <= nsteps; i++)
		printf "@@step %d: %s\n%s%s", i, cmd[i], res[i], ev[i]
}
function read_step() {
	n = $1
	sub(/^[0-9]+ /, "")
	cmd[n] = $0
	nsteps = n
}
'

# kernel_side STEPS OUTPUT TRACE: lab-vfio's output and the kernel's trace, by step.
kernel_side() {
	awk -v devices="$DEVICES" "$AWK_LIB"'
	FILENAME == ARGV[1] { read_step(); next }
	FILENAME == ARGV[2] && /^@@step [0-9]+$/ { step = $2; next }
	FILENAME == ARGV[2] { res[step] = res[step] $0 "\n"; next }
	{
		if (!match($0, / [0-9]+\.[0-9]+: /))
			next
		line = substr($0, RSTART + RLENGTH)
		name = substr(line, 1, index(line, ":") - 1)
		text = substr(line, length(name) + 3)
		$0 = text
		if (name == "tracing_mark_write") {
			if ($1 == "@@step")
				tstep = $2
		} else if (name == "attach_device_to_domain" || name == "detach_device_from_domain") {
			emit(tstep, name " dev=" devname(value("device")))
		} else if (name == "add_device_to_group" || name == "remove_device_from_group") {
			emit(tstep, name " group=" value("groupID") " dev=" devname(value("device")))
		} else if (name == "map") {
			emit(tstep, "map iova=" tohex(hex(value("iova"))) " size=" tohex(value("size")))
		} else if (name == "unmap") {
			emit(tstep, "unmap iova=" tohex(hex(value("iova"))) " size=" tohex(value("size")) \
				" unmapped=" tohex(value("unmapped_size")))
		} else if (name == "io_page_fault") {
			emit(tstep, "io_page_fault dev=" devname($2) " iova=" tohex(hex(value("iova"))) \
				" flags=" tohex(hex(value("flags"))))
		} else {
			emit(tstep, name " " text)
		}
		next
	}
	END { print_steps() }' "$1" "$2" "$3"
}

# sim_side STEPS OUTPUT: the simulator's output and trace, by step.
sim_side() {
	awk -v marker="$marker" -v marker_lines="$marker_lines" "$AWK_LIB"'
	FILENAME == ARGV[1] { read_step(); next }
	skip > 0 { skip--; next }
	$0 == marker { step++; skip = marker_lines - 1; next }
	/^\[/ {
		sub(/^\[[^]]*\] /, "")
		name = $1
		if (name == "attach_device_to_domain" && value("ret") == "0" ||
		    name == "detach_device_from_domain")
			emit(step, name " dev=" value("dev"))
		else if ((name == "add_device_to_group" && value("ret") == "") ||
			 name == "remove_device_from_group")
			emit(step, name " group=" value("group") " dev=" value("dev"))
		else if (name == "map" && value("ret") == "0")
			emit(step, "map iova=" tohex(hex(value("iova"))) " size=" tohex(hex(value("size"))))
		else if (name == "unmap")
			emit(step, "unmap iova=" tohex(hex(value("iova"))) " size=" tohex(hex(value("size"))) \
				" unmapped=" tohex(hex(value("unmapped"))))
		else if (name == "io_page_fault")
			emit(step, "io_page_fault dev=" value("dev") " iova=" tohex(hex(value("iova"))) \
				" flags=" tohex(hex(value("flags"))))
		else if (name == "WARN" || name == "BUG")
			emit(step, $0)
		next
	}
	/^(dev (unbind|bind) |vfio |error: |[^ ]+ driver_override=)/ { res[step] = res[step] $0 "\n" }
	END { print_steps() }' "$1" "$2"
}

# merge_pinned: the map (unmap) events of one VFIO mapping's physically
# contiguous runs, merged (the header says when).
merge_pinned() {
	awk "$AWK_LIB"'
	function flush() {
		if (!pending)
			return
		if (pkind == "map")
			print "  map iova=" tohex(piova) " size=" tohex(psize)
		else
			print "  unmap iova=" tohex(piova) " size=" tohex(psize) " unmapped=" tohex(punmapped)
		pending = 0
	}
	function in_one_mapping(start, end,   i) {
		for (i = 0; i < nranges; i++)
			if (start >= rstart[i] && end <= rend[i])
				return 1
		return 0
	}
	/^@@step / {
		flush()
		print
		mapping = $3 == "vfio" && $4 == "map"
		if (mapping) {
			mstart = hex($5)
			mend = mstart + hex($6)
		}
		next
	}
	/^  (map|unmap) / {
		kind = $1
		iova = hex(value("iova"))
		size = hex(value("size"))
		unmapped = hex(value("unmapped"))
		if (pending && kind == pkind && iova == piova + psize &&
		    in_one_mapping(piova, iova + size)) {
			psize += size
			punmapped += unmapped
			next
		}
		flush()
		pending = 1
		pkind = kind
		piova = iova
		psize = size
		punmapped = unmapped
		next
	}
	{ flush(); print }
	# The console line of a successful vfio map: its range, for the merge.
	mapping && /^vfio map .* -> 0$/ {
		rstart[nranges] = mstart
		rend[nranges++] = mend
	}
	END { flush() }'
}

# first_difference A B NAME_A NAME_B: the first line that differs, with
# its step and, when it is an event, its number in the whole trace (the
# events before it are the same on both sides).
first_difference() {
	awk -v a="$1" -v b="$2" -v na="$3" -v nb="$4" 'BEGIN {
		for (n = 1; ; n++) {
			ra = (getline la < a) > 0
			rb = (getline lb < b) > 0
			if (!ra && !rb)
				exit 0
			if (!ra)
				la = "(end)"
			if (!rb)
				lb = "(end)"
			if (!ra || !rb || la != lb) {
				if (la ~ /^  / || lb ~ /^  /)
					where = "event " events + 1 " of the trace"
				else
					where = "the console line or the step"
				printf "first difference: %s, %s\n", step, where
				printf "  %-10s %s\n  %-10s %s\n", na ":", la, nb ":", lb
				exit 1
			}
			if (la ~ /^@@step /)
				step = substr(la, 3)
			else if (la ~ /^  /)
				events++
		}
	}'
}

# One boot for every script: each leaves the edus on their driver again.
set --
for d in $DEVICES; do
	set -- "$@" -d "$d"
done
vm_ok=1
# shellcheck disable=SC2086
if ! "$RUNNER" -m "$MODULE" -t "$VM_TIMEOUT" -l "$TEST_TMP/vm.log" "$@" -o "$TEST_TMP/vm" \
	$SCRIPTS >"$TEST_TMP/vm.why" 2>&1; then
	vm_ok=0
fi
keep "$TEST_TMP/vm.log" vm.log

for s in $SCRIPTS; do
	name=$(basename "$s" .cmds)
	todo=$(todo_reason "$s")
	directive=${todo:+ # TODO $todo}
	steps "$s" >"$TEST_TMP/steps"
	status=$(cat "$TEST_TMP/vm/$name.status" 2>/dev/null) || status="no verdict"
	if [ "$status" != ok ]; then
		not_ok "$name: the VM run failed: $status"
		tap_comment <"$TEST_TMP/vm.why"
		not_ok "$name, the simulator: the VM run failed"
		continue
	fi
	run_sim "$TEST_TMP/$name.sim"
	kernel_side "$TEST_TMP/steps" "$TEST_TMP/vm/$name.out" "$TEST_TMP/vm/$name.trace" |
		merge_pinned >"$TEST_TMP/$name.kernel.n"
	sim_side "$TEST_TMP/steps" "$TEST_TMP/$name.sim" | merge_pinned >"$TEST_TMP/$name.sim.n"
	grep -v '^#' "$LAB_DIR/$name.expected" >"$TEST_TMP/$name.expected"
	for f in vm/$name.trace vm/$name.out $name.sim $name.kernel.n $name.sim.n; do
		keep "$TEST_TMP/$f" "$(basename "$f")"
	done
	nevents=$(grep -c '^  ' "$TEST_TMP/$name.kernel.n")
	nsteps=$(wc -l <"$TEST_TMP/steps")
	if first_difference "$TEST_TMP/$name.expected" "$TEST_TMP/$name.kernel.n" \
		expected kernel >"$TEST_TMP/why"; then
		ok "$name: the kernel's $nevents events in $nsteps steps are those worked out from 6.1's source"
	else
		not_ok "$name: the kernel differs from $name.expected"
		tap_comment <"$TEST_TMP/why"
	fi
	if first_difference "$TEST_TMP/$name.kernel.n" "$TEST_TMP/$name.sim.n" \
		kernel simulator >"$TEST_TMP/why"; then
		ok "$name, the simulator: its $nevents events in $nsteps steps are the kernel's$directive"
	elif [ -n "$todo" ]; then
		test_count=$((test_count + 1))
		echo "not ok $test_count - $name, the simulator differs from the kernel$directive"
		tap_comment <"$TEST_TMP/why"
	else
		not_ok "$name, the simulator differs from the kernel"
		tap_comment <"$TEST_TMP/why"
	fi
done
[ "$vm_ok" -eq 1 ] || { tap_comment <"$TEST_TMP/vm.why"; }
[ "$test_failures" -eq 0 ]
