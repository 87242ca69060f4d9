# Sourced by the full-screen tests that drive one tmux terminal (t1051,
# t1052): skips the test without tmux, and gives t (tmux on the test's
# socket), capture (the screen, blanks and box characters squeezed to one
# space, into $screen), until_screen CMD... (retries CMD on fresh captures
# until it holds or $IOMMU_LAB_TUI_TIMEOUT seconds pass), check NAME
# CMD... (one TAP line, the screen as a comment when it fails) and shows
# TEXT.  Source it after lib.sh, before `plan`.
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

unset TMUX
SOCKET=$TEST_TMP/tmux.sock
TIMEOUT=${IOMMU_LAB_TUI_TIMEOUT:-20}
screen=$TEST_TMP/screen
trap 'tmux -S "$SOCKET" kill-server >/dev/null 2>&1; rm -rf "$TEST_TMP"' EXIT

t() {
	tmux -S "$SOCKET" -f /dev/null "$@"
}

# the screen with every run of blanks and box characters one space
capture() {
	t capture-pane -p -t tui 2>/dev/null |
		perl -CS -pe 's/[\s\x{2500}-\x{257f}]+/ /g; $_ .= "\n"' >"$screen"
}

until_screen() {
	end=$(($(date +%s) + TIMEOUT))
	while :; do
		capture
		"$@" && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}

check() {
	name=$1
	shift
	if until_screen "$@"; then
		ok "$name"
	else
		not_ok "$name"
		tap_comment <"$screen"
	fi
}

shows() {
	grep -qF -- "$1" "$screen"
}
