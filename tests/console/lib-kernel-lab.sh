# The VM runs of kernel-lab's differential tests (t0600, t0601): their
# scripts grouped by their "# boot:" lines, each group in one boot of
# scripts/kernel-lab-run -o, which loads the modules afresh for each
# script and, on q35-vtd, gives edu a new group and default domain
# before each script but the first (a bus rescan).  Which scripts share a
# boot is kernel-lab-run --boot-key's (a "# own-boot: WHY" script boots
# alone).  Sourced after lib.sh, with RUNNER, MODULE and VM_TIMEOUT set.
#
#   vm_run_by_boot MACHINE DIR SCRIPT...
#       runs the scripts; for a script NAME.cmds, DIR/NAME.out is its
#       output, DIR/NAME.status its verdict ("ok" or what went wrong;
#       absent if the run ended before it) and DIR/NAME.boot the number
#       N of its boot, whose whole console log is DIR/boot-N.log and
#       whose runner's complaints, if it failed, DIR/boot-N.why.

vm_run_by_boot() {
	vm_machine=$1 vm_dir=$2
	shift 2
	mkdir -p "$vm_dir"
	: >"$vm_dir/groups"
	for vm_s in "$@"; do
		printf '%s\t%s\n' "$("$RUNNER" -M "$vm_machine" --boot-key "$vm_s")" "$vm_s" \
			>>"$vm_dir/groups"
	done
	cut -f1 "$vm_dir/groups" | sort -u >"$vm_dir/boots"
	vm_n=0
	while IFS= read -r vm_key; do
		vm_n=$((vm_n + 1))
		vm_scripts=$(awk -F'\t' -v k="$vm_key" '$1 == k { print $2 }' "$vm_dir/groups")
		for vm_s in $vm_scripts; do
			echo "$vm_n" >"$vm_dir/$(basename "$vm_s" .cmds).boot"
		done
		# shellcheck disable=SC2086
		"$RUNNER" -M "$vm_machine" -m "$MODULE" -t "$VM_TIMEOUT" -l "$vm_dir/boot-$vm_n.log" \
			-o "$vm_dir" $vm_scripts >/dev/null 2>"$vm_dir/boot-$vm_n.why" </dev/null || true
	done <"$vm_dir/boots"
}

# vm_verdict DIR NAME: 0 when script NAME ran and its verdict is ok;
# otherwise 1, after printing why (its verdict, or the runner's lines).
vm_verdict() {
	if [ ! -f "$1/$2.status" ]; then
		echo "the VM did not reach the script:"
		cat "$1/boot-$(cat "$1/$2.boot").why"
		return 1
	fi
	[ "$(cat "$1/$2.status")" = ok ] && return 0
	cat "$1/$2.status"
	return 1
}

# vm_boots_ok DIR: 0 when the runner had nothing to say of any boot (the
# modules loaded again at the end, the kernel did not complain before a
# script, the VM finished); otherwise 1, after printing what it said.
vm_boots_ok() {
	vm_ok=0
	for vm_why in "$1"/boot-*.why; do
		[ -s "$vm_why" ] || continue
		echo "$(basename "$vm_why" .why):"
		cat "$vm_why"
		vm_ok=1
	done
	return "$vm_ok"
}
