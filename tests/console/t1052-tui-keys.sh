#!/bin/sh
# The full-screen interface's F5 (the focused pane alone fills the screen,
# F2 then moves it to the next pane) and F6 (hide the graph pane, show it
# again), and VFIO's ownership in the topology pane: q35-vtd's edu handed
# to vfio-pci and its group 3 attached to container vfio0.  6.1's DMA
# ownership claim makes the group's blocking domain first (dom5, an
# unmanaged one, as VT-d has no IOMMU_DOMAIN_BLOCKED, after the boot's
# dom0-dom4), then type1 the container's unmanaged domain dom6, so the
# group line reads "group 3 type=unmanaged domain=dom6 default=dom3
# vfio=vfio0".  tmux drives the terminal, as in t0500-tui.sh.
. "$(dirname "$0")/lib.sh"

. "$TEST_DIR/lib-tmux.sh"

plan 7

# panes NAME...: exactly these panes are on the screen, each found by its
# title after its top-left corner
panes() {
	t capture-pane -p -t tui >"$screen.raw" 2>/dev/null
	for p in topology graph trace output; do
		want=no
		for q in "$@"; do
			[ "$p" = "$q" ] && want=yes
		done
		if grep -q "┌ $p " "$screen.raw"; then got=yes; else got=no; fi
		[ "$want" = "$got" ] || return 1
	done
}

t new-session -d -s tui -x 170 -y 40 \
	"HOME='$TEST_TMP' IOMMU_LAB_BOARDS='${IOMMU_LAB_BOARDS:-}' ${IOMMU_LAB_WRAP:-} '$IOMMU_LAB' --board q35-vtd --tui" \; \
	set-option -t tui remain-on-exit on

check "four panes at first" panes topology graph trace output
t send-keys -t tui F5
check "F5: the focused pane (output) alone" panes output
t send-keys -t tui F2
check "F2 while zoomed: the next pane (topology) alone" panes topology
t send-keys -t tui F5 F6
check "F5 again, then F6: every pane but the graph" panes topology trace output
t send-keys -t tui F6
check "F6 again: the graph is back" panes topology graph trace output

for line in 'dev unbind edu' 'dev set edu driver_override vfio-pci' \
	'dev bind edu vfio-pci' 'vfio attach group:3'; do
	t send-keys -t tui "$line" Enter
done
vfio_owned() {
	grep -qF "group 3 type=unmanaged domain=dom6 default=dom3 vfio=vfio0" "$screen"
}
check "topology: group 3 owned by VFIO, in container vfio0" vfio_owned

t send-keys -t tui C-d
ended() {
	[ "$(t display-message -p -t tui '#{pane_dead}')" = 1 ]
}
check "Ctrl-D leaves" ended
