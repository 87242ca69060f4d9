#!/bin/sh
# A clean session reports nothing: on every board, under each era from
# v4.12 on and under strict and passthrough settings, the devices that
# have drivers map, read, write and unmap DMA buffers of every kind, VFIO
# takes every group none of whose devices has a driver and maps into it,
# time passes for the flush queues, and then everything is given back.
# Not one invariant check may report (docs/invariants.md).  v4.4 is left
# out: it replays the 2015 boot, whose group domain is never attached,
# on purpose (t0220-check-freed).

. "$(dirname "$0")/lib.sh"

boards=$(cd "$IOMMU_LAB_BOARDS" && ls *.dtb | sed 's/\.dtb$//')
settings="era=v4.12 era=v5.19 era=v6.1 era=v6.2 iommu.strict=1 iommu.passthrough=1"

plan $(($(echo $boards | wc -w) * $(echo $settings | wc -w)))

# The commands that boot @1 under setting @2 (NAME=VALUE).
prefix() {
	case $2 in
	era=*) echo "era ${2#era=}" ;;
	*) echo "set ${2%%=*} ${2#*=}" ;;
	esac
	echo "board load $1"
	echo "trace on"
	# past deferred_probe_timeout: optional IOMMUs give up their masters
	echo "tick 20s"
}

run() {
	iommu_lab -k "$1" </dev/null 2>&1
}

for board in $boards; do
	for setting in $settings; do
		name="$board $setting"
		script=$TEST_TMP/session.cmds
		{ prefix "$board" "$setting"; echo "dev list"; echo "group list"; } >"$script"
		run "$script" >"$TEST_TMP/state"
		bound=$(sed -n 's/^\([^ ]*\) .* state=bound .*/\1/p' "$TEST_TMP/state")
		# Groups none of whose devices has a driver.
		free_groups=$(sed -n 's/^group \([0-9]*\) devices=\([^ ]*\) .*/\1 \2/p' "$TEST_TMP/state" |
			while read -r id devs; do
				taken=
				for d in $(echo "$devs" | tr , ' '); do
					echo "$bound" | grep -qx "$d" && taken=1
				done
				[ -z "$taken" ] && echo "$id"
			done)

		{
			prefix "$board" "$setting"
			for d in $bound; do
				echo "dma map $d m_$d 0x3000"
				echo "dma map_sg $d s_$d 0x1000 0x2000@0x10"
				echo "dma alloc $d c_$d 0x5000"
			done
			for g in $free_groups; do
				echo "vfio attach group:$g"
			done
			[ -n "$free_groups" ] && echo "vfio map 0x100000 0x200000"
			echo "group list"
			echo "domain list"
			echo "tick 5ms"
		} >"$script"
		run "$script" >"$TEST_TMP/maps"
		{
			cat "$script"
			# Each device reads and writes where its first buffer is.
			for d in $bound; do
				addr=$(sed -n "s/^map m_$d dma=\(0x[0-9a-f]*\) .*/\1/p" "$TEST_TMP/maps")
				if [ -n "$addr" ]; then
					echo "dma read $d $addr 0x10"
					echo "dma write $d $addr 0x10"
				fi
			done
			for d in $bound; do
				echo "dma unmap $d m_$d"
				echo "dma unmap $d s_$d"
				echo "dma free $d c_$d"
			done
			if [ -n "$free_groups" ]; then
				echo "vfio unmap 0x100000 0x200000"
				for g in $free_groups; do
					echo "vfio detach group:$g"
				done
			fi
			echo "tick 20ms"
			echo "probe"
			echo "trace show WARN"
		} >"$TEST_TMP/full.cmds"
		run "$TEST_TMP/full.cmds" >"$TEST_TMP/out"
		# The session must have done its work: where a device has a
		# driver, a buffer mapped and read.
		if grep -q 'WARN' "$TEST_TMP/out"; then
			not_ok "$name"
			grep 'WARN' "$TEST_TMP/out" | tap_comment
		elif [ -n "$bound" ] && { ! grep -q '^map m_' "$TEST_TMP/out" ||
					  ! grep -q '^dma read ' "$TEST_TMP/out"; }; then
			not_ok "$name"
			echo "the session mapped or read nothing" | tap_comment
		else
			ok "$name"
		fi
	done
done
exit $test_failures
