#!/bin/sh
# The graph pane below 160 columns: at 100x30 it shows the graph as text
# (docs/graph.md, "In the terminal") instead of a picture whose labels run
# into each other; at 170x40 the picture comes back.  What the text must
# say for mt8173-evb after boot: the M4U's cluster label, its one group in
# its DMA domain dom0, and the 17 masters `group list` names (CONSOLE.md's
# line) as members, in that order.  tmux drives the terminal, as in
# t0500-tui.sh.
. "$(dirname "$0")/lib.sh"

. "$TEST_DIR/lib-tmux.sh"

plan 5

members=$(iommu_lab -c 'group list' 2>&1 | sed -n 's/^group 0 devices=\([^ ]*\) .*/\1/p' | tr , ' ')
count=$(printf '%s\n' $members | wc -l)
run_check "group list names 17 masters in group 0" test "$count" -eq 17

t new-session -d -s tui -x 100 -y 30 \
	"HOME='$TEST_TMP' IOMMU_LAB_BOARDS='${IOMMU_LAB_BOARDS:-}' ${IOMMU_LAB_WRAP:-} '$IOMMU_LAB' --tui" \; \
	set-option -t tui remain-on-exit on

text_form() {
	shows "iommu: mtk-iommu" && shows "group 0 -> dom0 DMA" &&
		shows "17 members:" && ! shows "[group 0"
}
check "100x30: the graph pane is text, no picture" text_form

# the members wrap over several rows; the graph pane's rows (from the
# column of its top-left corner) joined up name them as group list does
in_order() {
	t capture-pane -p -t tui | perl -CS -e '
		my @rows = <STDIN>; my ($y0, $x0);
		for my $y (0 .. $#rows) {
			if ($rows[$y] =~ /\x{250c}\x{2500}? graph /) { ($y0, $x0) = ($y, $-[0]); last }
		}
		defined $y0 or exit 1;
		my $text = "";
		for my $y ($y0 + 1 .. $#rows) {
			my $r = substr($rows[$y], $x0);
			last if $r =~ /^\x{2514}/;
			$r =~ s/^\x{2502}//; $r =~ s/\x{2502}.*//s;
			$text .= " $r";
		}
		$text =~ s/\s+/ /g;
		exit !($text =~ /17 members: \Q@ARGV\E /)' $members
}
check "100x30: the members in group list's order" in_order

t resize-window -t tui -x 170 -y 40
picture() {
	shows "[group 0" && ! shows "17 members:"
}
check "170x40: the picture again" picture

t send-keys -t tui C-d
ended() {
	[ "$(t display-message -p -t tui '#{pane_dead}')" = 1 ]
}
check "Ctrl-D leaves" ended
