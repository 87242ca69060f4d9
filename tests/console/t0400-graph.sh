#!/bin/sh
# The graph commands from the outside.  `graph FILE` writes each format
# (an SVG carrying a deferred master's reason as its tooltip, a PNG, the
# DOT text) and a failing `graph` writes nothing.  `graph live` is watched
# the way a viewer sees it: each write is a rename, so a command that
# changes the picture gives the file a new inode and one that changes
# nothing leaves the inode alone; after `graph off` nothing is written.
# The node and edge names are console/graph.h's; tests/unit/graph-t.c
# checks the whole graph of each board.

. "$(dirname "$0")/lib.sh"

plan 15

transcript t0400-graph-errors
run_check "failing graph commands leave no file" sh -c '
	cd "$1" && [ ! -e x.txt ] && [ ! -e picture ] && [ ! -e .svg ] &&
	[ ! -e no-such-dir ] && ! ls -A | grep -q "^\.x\.txt\."' - "$TEST_DIR"

# defer-iommu-present with only the master's driver: its probe defers,
# as the M4U it names in "iommus" has not registered (no driver for it).
pics=$TEST_TMP/pictures
mkdir "$pics"
iommu_lab --board defer-iommu-present --no-drivers -c "drv load lab-dma-master
graph $pics/defer.svg; graph $pics/defer.png; graph $pics/defer.dot" \
	>"$TEST_TMP/formats.out" 2>&1
echo "exit=$?" >>"$TEST_TMP/formats.out"
# drv load's line is the only output: the master deferred, nothing bound.
run_check "graph FILE.svg|.png|.dot print nothing" \
	sh -c '[ "$(cat "$1")" = "drv load lab-dma-master: deferred master
exit=0" ] || { cat "$1"; false; }' - "$TEST_TMP/formats.out"
run_check "the svg has the deferred master, its reason as tooltip" sh -c '
	head -c 5 "$1" | grep -q "<?xml" &&
	grep -q "<title>master</title>" "$1" &&
	grep -q "xlink:title=\"lab&#45;dma&#45;master: iommu &#39;iommu&#39; not registered\"" "$1"' \
	- "$pics/defer.svg"
run_check "the png is a png" sh -c '
	[ "$(od -An -tx1 -N4 "$1" | tr -d " ")" = "89504e47" ]' - "$pics/defer.png"
run_check "the dot text marks the master deferred" sh -c '
	head -n 1 "$1" | grep -q "^digraph iommu_lab {" &&
	grep -q "label=\"master\\\\ndeferred\"" "$1"' - "$pics/defer.dot"
run_check "no temporary file is left" sh -c '
	[ "$(ls -A "$1" | tr "\n" " ")" = "defer.dot defer.png defer.svg " ]' - "$pics"

# A PCI function added by hand hangs from its host bridge as the board's
# do: 6.1's pci_setup_device() makes every function's parent its bus's
# bridge, on the root bus the host bridge's device.  On q35-vtd both e2
# and the board's edu get a dotted parent line from pcie.
iommu_lab --board q35-vtd -c "dev add e2 compatible=iommu-lab,edu bus=pci
graph $pics/pci.dot" >"$TEST_TMP/pci.out" 2>&1
# parent_line DOT DEV: DOT has a parent edge from pcie to DEV.
parent_line() {
	sed -n "/^	pcie -> $2	\[/,/];/p" "$1" | grep -q 'kind=parent'
}
name="a function added by hand has a parent line from its host bridge"
if [ ! -s "$TEST_TMP/pci.out" ] && parent_line "$pics/pci.dot" edu &&
	parent_line "$pics/pci.dot" e2; then
	ok "$name"
else
	not_ok "$name"
	tap_comment <"$TEST_TMP/pci.out"
fi

# graph live, one command at a time through a fifo.  `help exit` after
# each command prints a line starting "exit " once the command, and the
# live rendering after it, are done.  A hard link to the picture, kept
# elsewhere, tells whether it has been replaced since (and keeps its inode
# from being reused by the next write).
live=$TEST_TMP/live
pic=$live/picture.dot
seen=$TEST_TMP/seen.dot
gone=$TEST_TMP/gone
mkdir "$live" "$gone"
fifo=$TEST_TMP/commands
log=$TEST_TMP/live.out
mkfifo "$fifo"
# The log exists before the console opens it: its open waits for the
# fifo's writer, and run() may count the log's lines first.
: >"$log"
iommu_lab <"$fifo" >>"$log" 2>&1 &
pid=$!
exec 3>"$fifo"

marks=0
run() {
	printf '%s\nhelp exit\n' "$1" >&3
	marks=$((marks + 1))
	tries=0
	while [ "$(grep -c '^exit ' "$log")" -lt "$marks" ]; do
		tries=$((tries + 1))
		if [ $tries -gt 2400 ]; then
			echo "# no answer to '$1'"
			return 1
		fi
		sleep 0.05
	done
}
# remember: links the picture as it is now; replaced: true if it is not that one.
remember() {
	rm -f "$seen"
	ln "$pic" "$seen"
}
replaced() {
	[ "$(stat -c %i "$pic")" != "$(stat -c %i "$seen")" ]
}
# result NAME COMMAND...: one TAP line, ok when COMMAND succeeds.
result() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

has() {
	grep -qF "$1" "$pic"
}
# The "group:0" -> "domain:dom0" edge is the dashed default-domain one.
dashed_default() {
	sed -n '/"group:0" -> "domain:dom0"	\[kind=default/,/];/p' "$pic" |
		grep -q 'style=dashed'
}
check_unchanged() {
	! replaced
}
check_d1() {
	replaced && has '"domain:d1"'
}
check_attached() {
	replaced && has '"group:0" -> "domain:d1"	[kind=domain' && dashed_default
}
check_off() {
	! replaced && has '"group:0" -> "domain:d1"'
}

run "graph live $pic"
result "graph live writes the picture at once" [ -s "$pic" ]
remember
run "group list"
result "a command that changes nothing writes nothing" check_unchanged
run "domain alloc d1 unmanaged"
result "a new domain is drawn at once" check_d1
remember
run "attach d1 group:0"
result "attaching it is drawn: current d1, dashed default dom0" check_attached
remember
run "graph off"
run "detach d1 group:0"
result "after graph off the picture stays as it was" check_off
result "graph live leaves no temporary file" \
	[ "$(ls -A "$live")" = picture.dot ]

# A live picture that can no longer be written: one error line, and live
# rendering stops, so the next change is quiet.
run "graph live $gone/picture.dot"
rm -rf "$gone"
run "domain free d1"
run "domain alloc d2 unmanaged"
exec 3>&-
wait $pid
status=$?
grep '^error' "$log" >"$TEST_TMP/live.err"
result "a live picture that cannot be written: one error, live off, exit 1" sh -c '
	[ "$1" = 1 ] && [ "$(cat "$2")" = "error: graph live: cannot write '\''$3'\'': no such file or directory" ]' \
	- "$status" "$TEST_TMP/live.err" "$gone/picture.dot"
exit $test_failures
