# The VM runs of kernel-lab's differential tests (t0600, t0601): their
# scripts grouped by their "# boot:" lines, each group in one boot of
# scripts/kernel-lab-run -o, which loads the modules afresh for each
# script and, on q35-vtd, gives edu a new group and default domain
# before each script but the first (a bus rescan).  A script with a line
# "# own-boot: WHY" has a boot of its own: what the kernel keeps across
# scripts that a rescan does not renew, such as the DMAR fault reports'
# rate limit, would change its lines.  Sourced after lib.sh, with RUNNER,
# MODULE and VM_TIMEOUT set.
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
	# NAME.cmds's boot line, "-" for none, then its path
	for vm_s in "$@"; do
		vm_boot=$(sed -n 's/^#[[:space:]]*boot:[[:space:]]*//p' "$vm_s" |
			tr -s ' \t' '  ' | sed 's/ *$//' | paste -sd' ' -)
		# "# own-boot: WHY": a boot of its own
		if grep -q '^#[[:space:]]*own-boot:' "$vm_s"; then
			vm_boot="${vm_boot:--} $(basename "$vm_s")"
		fi
		printf '%s|%s\n' "${vm_boot:--}" "$vm_s" >>"$vm_dir/groups"
	done
	vm_n=0
	for vm_boot in $(cut -d'|' -f1 "$vm_dir/groups" | sort -u | tr ' ' '+'); do
		vm_n=$((vm_n + 1))
		vm_boot=$(echo "$vm_boot" | tr '+' ' ')
		vm_scripts=$(awk -F'|' -v b="$vm_boot" '$1 == b { print $2 }' "$vm_dir/groups")
		for vm_s in $vm_scripts; do
			echo "$vm_n" >"$vm_dir/$(basename "$vm_s" .cmds).boot"
		done
		# shellcheck disable=SC2086
		"$RUNNER" -M "$vm_machine" -m "$MODULE" -t "$VM_TIMEOUT" -l "$vm_dir/boot-$vm_n.log" \
			-o "$vm_dir" $vm_scripts >/dev/null 2>"$vm_dir/boot-$vm_n.why" </dev/null || true
	done
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
