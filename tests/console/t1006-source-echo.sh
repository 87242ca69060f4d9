#!/bin/sh
# `set echo on`, then `source FILE` typed at the prompt: the file's
# commands are not on the screen (nobody typed them), so each is echoed as
# "iommu-lab> COMMAND" before its output, at the readline prompt and in
# the full-screen interface's output pane, as -x does for a batch run;
# narration (`echo`) is its own text and is not echoed; the typed lines
# are not echoed a second time.  q35-vtd's boot: five groups, mch's the
# first (group 0 on dom0).  tmux drives the terminal, as in t1052.
. "$(dirname "$0")/lib.sh"

. "$TEST_DIR/lib-tmux.sh"

plan 4

script=$TEST_TMP/demo.cmds
printf 'echo Step one\ngroup show 0\n' >"$script"

# once LINE: LINE is exactly one line of the screen, after trailing blanks
once() {
	[ "$(t capture-pane -p -t tui | sed 's/ *$//' | grep -cxF -- "$1")" -eq 1 ]
}
sourced_echo() {
	once "iommu-lab> group show 0" && once "Step one" &&
		once "iommu-lab> set echo on" && ! shows "iommu-lab> echo Step" &&
		shows "device: mch"
}

t new-session -d -s tui -x 150 -y 40 \
	"HOME='$TEST_TMP' IOMMU_LAB_BOARDS='${IOMMU_LAB_BOARDS:-}' ${IOMMU_LAB_WRAP:-} '$IOMMU_LAB' --board q35-vtd" \; \
	set-option -t tui remain-on-exit on
t send-keys -t tui 'set echo on' Enter "source $script" Enter
check "at the prompt: the sourced command echoed once, narration not" sourced_echo
t send-keys -t tui C-d
ended() {
	[ "$(t display-message -p -t tui '#{pane_dead}')" = 1 ]
}
check "Ctrl-D leaves the prompt" ended
t rename-session -t tui prompt

# The output pane, 100 columns wide: the lines are its own, between box edges.
pane_echo() {
	shows "iommu-lab> group show 0" && shows "Step one" &&
		! shows "iommu-lab> echo Step" && shows "device: mch"
}
t new-session -d -s tui -x 170 -y 40 \
	"HOME='$TEST_TMP' IOMMU_LAB_BOARDS='${IOMMU_LAB_BOARDS:-}' ${IOMMU_LAB_WRAP:-} '$IOMMU_LAB' --board q35-vtd --tui" \; \
	set-option -t tui remain-on-exit on
t send-keys -t tui 'set echo on' Enter "source $script" Enter
check "in the TUI's output pane too" pane_echo
t send-keys -t tui C-d
check "Ctrl-D leaves the TUI" ended
