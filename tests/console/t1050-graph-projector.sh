#!/bin/sh
# The projector settings: `set graph.layout` and `set graph.dpi` in a
# transcript, then their pictures.  q35-vtd-2dmar has two IOMMUs, each
# with one master, group and domain: portrait (dot's rankdir=LR) stacks
# the two clusters, landscape (rankdir=TB) sets them side by side, so a
# landscape PNG is wider than it is tall.  A PNG at 192 dots an inch is
# twice as wide as at 96, to a pixel.
. "$(dirname "$0")/lib.sh"

plan 4

transcript t1050-graph-projector

pics=$TEST_TMP/pictures
mkdir "$pics"
iommu_lab --board q35-vtd-2dmar -c "set graph.layout landscape
graph $pics/wide.dot; graph $pics/wide.png; set graph.dpi 192; graph $pics/wide192.png" \
	>/dev/null 2>&1
# a PNG's width and height: big-endian words at bytes 16 and 20
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}
run_check "landscape is dot's top-to-bottom ranks" grep -q 'rankdir=TB' "$pics/wide.dot"
run_check "a landscape PNG of two IOMMUs is wider than tall" sh -c '
	set -- $1; [ "$1" -gt "$2" ] || { echo "$1x$2"; false; }' - "$(png_size "$pics/wide.png")"
run_check "graph.dpi 192 doubles the PNG's width" sh -c '
	set -- $1 $2; d=$(( $3 - 2 * $1 )); [ $d -ge -1 ] && [ $d -le 1 ] || { echo "$1 $3"; false; }' - \
	"$(png_size "$pics/wide.png")" "$(png_size "$pics/wide192.png")"
