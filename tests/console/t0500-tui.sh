#!/bin/sh
# The full-screen interface under tmux: iommu-lab --tui (and the tui
# command) in a detached 170x40 session, commands typed with send-keys, the
# screen read with capture-pane until it shows what is expected or a
# timeout passes.  Each pane is cut out of the screen by the position of
# its title, so a string is looked for in the pane it belongs to.
#
# What the panes must show comes from the same commands run in batch mode
# and from the contract lines (CONSOLE.md): `group list` for the group,
# its devices and domain; `attach` and `dev show` for the output lines;
# `trace show 1` for the newest event; the labels in `graph FILE.dot` for
# the nodes the graph pane draws.  Its view scrolls when it has the focus
# (mt8173-evb's 17 masters, one above the other, are taller than the
# pane), and it is left out on a terminal below 80x24.  Quitting must give the terminal
# back: the same stty settings as before, the normal screen and keypad.
# Keys (Tab, Up, Ctrl-C, PgUp/PgDn, Ctrl-D), colours and resizing too,
# and that the terminal is left alone by a start that fails (unknown TERM)
# and given back by one that dies (SIGSEGV).

. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

plan 33

unset TMUX
# one tmux server a session, each on its own socket: a server being shut
# down must not take the next session with it
SESSIONS=0
SOCKET=$TEST_TMP/tmux0.sock
# seconds to wait for the screen to show something
TIMEOUT=${IOMMU_LAB_TUI_TIMEOUT:-20}
trap 'for s in "$TEST_TMP"/tmux*.sock; do tmux -S "$s" kill-server >/dev/null 2>&1; done
rm -rf "$TEST_TMP"' EXIT

t() {
	tmux -S "$SOCKET" -f /dev/null "$@"
}

# Prints pane NAME (topology, graph, trace, output) of the screen on
# standard input, one row a line, without its border: the pane's top-left
# corner is the column before its title, and it ends where the next pane
# to its right or below it starts, or at the screen's edge (the command
# line below).  "border NAME" prints its top and bottom lines instead.
# Exits 1 when NAME, or one of the panes always there, is not on the
# screen.  "width" prints the screen's width.
cat >"$TEST_TMP/pane.pl" <<'EOF'
use strict;
use warnings;
use Encode qw(decode encode);

my $want = shift;
my $border = $want eq 'border' && ($want = shift);
my @rows = map { chomp; decode('UTF-8', $_) } <STDIN>;
my %title;
# row 0 is the status line, with " trace on" and the keys ("F6 graph")
for my $y (1 .. $#rows) {
	for my $name (qw(topology graph trace output)) {
		next if exists $title{$name};
		# the corner, then the title
		$title{$name} = [$y, $-[0]] if $rows[$y] =~ /\S \Q$name\E /;
	}
}
exit 1 unless $title{topology} && $title{trace} && $title{output};
my $cols = length $rows[$title{trace}[0]];
if ($want eq 'width') {
	print "$cols\n";
	exit 0;
}
exit 1 unless $title{$want};
my ($y0, $x0) = @{$title{$want}};
my ($right, $bottom) = ($cols, $#rows);
for my $t (values %title) {
	my ($y, $x) = @$t;
	$right = $x if $y == $y0 && $x > $x0 && $x < $right;
	$bottom = $y if $x == $x0 && $y > $y0 && $y < $bottom;
}
for my $y ($border ? ($y0, $bottom - 1) : ($y0 + 1 .. $bottom - 2)) {
	my $row = $rows[$y] . ' ' x $cols;
	my ($from, $width) = $border ? ($x0, $right - $x0) : ($x0 + 1, $right - $x0 - 2);
	print encode('UTF-8', substr($row, $from, $width)), "\n";
}
EOF

screen=$TEST_TMP/screen

capture() {
	t capture-pane -p -t tui >"$screen" 2>/dev/null
}

# pane NAME: the pane's text from the last capture.
pane() {
	perl "$TEST_TMP/pane.pl" "$1" <"$screen"
}

# squeeze: the text with its spaces and line breaks taken out, so that a
# line compares the same however the pane wrapped it.
squeeze() {
	tr -d ' \n'
}

# until CMD...: captures the screen until CMD succeeds or TIMEOUT passes.
until_screen() {
	end=$(($(date +%s) + TIMEOUT))
	while :; do
		capture
		"$@" && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}

# has PANE TEXT: PANE shows TEXT (spaces and wrapping aside).
has() {
	want=$(printf '%s' "$2" | squeeze)
	pane "$1" 2>/dev/null | squeeze | grep -qF -- "$want"
}

# ends_with PANE TEXT: TEXT is the last thing PANE shows.
ends_with() {
	want=$(printf '%s' "$2" | squeeze)
	got=$(pane "$1" 2>/dev/null | squeeze)
	[ -n "$got" ] && [ "${got%"$want"}" != "$got" ]
}

# has_word PANE WORD: WORD is a whole word in PANE.
has_word() {
	pane "$1" 2>/dev/null | tr -s ' ' '\n' | grep -qxF -- "$2"
}

# has_label PANE LABEL: LABEL on one row of PANE, not part of a longer name.
has_label() {
	pane "$1" 2>/dev/null |
		perl -ne 'BEGIN { $l = shift } $f = 1 if /(?<!\w)\Q$l\E(?!\w)/; END { exit !$f }' "$2"
}

# border_has PANE TEXT: TEXT is on PANE's top or bottom line.
border_has() {
	perl "$TEST_TMP/pane.pl" border "$1" <"$screen" 2>/dev/null | grep -qF -- "$2"
}

# check NAME CMD...: one TAP line, with the screen when it fails.
check() {
	name=$1
	shift
	if until_screen "$@"; then
		ok "$name"
	else
		not_ok "$name"
		echo "the screen:" | tap_comment
		tap_comment <"$screen"
	fi
}

# type TEXT: types TEXT and Enter on the command line.
type_line() {
	t send-keys -t tui -l "$1" && t send-keys -t tui Enter
}

# start ARGS [VAR=VALUE]: runs iommu-lab ARGS in a fresh 170x40 session
# between two `stty -g`, keeping the pane after it ends; its exit status
# goes to $TEST_TMP/status.  170 columns: the graph pane draws the picture
# from 160 on, its text form below (t1051-tui-compact.sh).
start() {
	t kill-server >/dev/null 2>&1
	SESSIONS=$((SESSIONS + 1))
	SOCKET=$TEST_TMP/tmux$SESSIONS.sock
	rm -f "$TEST_TMP/status" "$TEST_TMP/stty.before" "$TEST_TMP/stty.after"
	t new-session -d -s tui -x 170 -y 40 \
		"cd '$TEST_TMP' && stty -g >stty.before; \
		 HOME='$TEST_TMP' IOMMU_LAB_BOARDS='${IOMMU_LAB_BOARDS:-}' ${2:-} \
		 ${IOMMU_LAB_WRAP:-} '$IOMMU_LAB' $1; \
		 echo \$? >status; stty -g >stty.after" \; \
		set-option -t tui remain-on-exit on
}

# The same commands in batch mode say what the panes must show.
batch() {
	iommu_lab -c "$1" 2>&1
}
group0=$(batch 'group list' | grep '^group 0 ')
devices=$(printf '%s\n' "$group0" | sed -n 's/.* devices=\([^ ]*\) .*/\1/p' | tr , ' ')
type0=$(printf '%s\n' "$group0" | sed -n 's/.* type=\([^ ]*\) .*/\1/p')
domain0=$(printf '%s\n' "$group0" | sed -n 's/.* domain=\([^ ]*\)$/\1/p')
setup='domain alloc tuidom unmanaged; attach tuidom group:0'
attached=$(batch "$setup; group list" | grep '^group 0 ')
type1=$(printf '%s\n' "$attached" | sed -n 's/.* type=\([^ ]*\) .*/\1/p')
attach_line=$(batch "$setup" | tail -n 1)
last_event=$(batch "$setup; trace show 1")
last_event=$(printf '%s\n' "$last_event" | tail -n 1)
dev_show=$(batch "$setup; dev show ovl0")
iommu_group_line=$(printf '%s\n' "$dev_show" | grep '^iommu-group: ')
dev_show_last=$(printf '%s\n' "$dev_show" | tail -n 1)

# dot_label NODE FILE: the first line of NODE's label in the DOT text FILE
# (node statements come before the edges that name them).
dot_label() {
	perl -0777 -ne 'BEGIN { $n = shift }
		/"?\Q$n\E"?\s*\[([^\]]*)\]/ && $1 =~ /label="((?:[^"\\]|\\.)*)"/ or exit 1;
		print((split /\\n/, $1)[0], "\n")' "$1" "$2"
}
batch "graph $TEST_TMP/boot.dot" >/dev/null
batch "domain alloc d1 unmanaged; attach d1 group:0; graph $TEST_TMP/d1.dot" >/dev/null
group_label=$(dot_label group:0 "$TEST_TMP/boot.dot")
domain_label=$(dot_label "domain:$domain0" "$TEST_TMP/boot.dot")
d1_label=$(dot_label domain:d1 "$TEST_TMP/d1.dot")

# the contract's shapes, so that the batch runs are not trusted blindly
contract_lines() {
	case $group0 in
	"group 0 devices="*" type="*" domain="*) ;;
	*) return 1 ;;
	esac
	case $last_event in
	"["*"] attach_device_to_domain dev="*" domain=tuidom ret=0") ;;
	*) return 1 ;;
	esac
	[ "$attach_line" = "attach tuidom group:0 -> 0" ] &&
		[ "$iommu_group_line" = "iommu-group: 0 domain=tuidom" ] &&
		[ "$group_label" = "group 0" ] && [ "$domain_label" = "$domain0" ] &&
		[ "$d1_label" = d1 ]
}
if contract_lines; then
	ok "batch mode prints the contract lines"
else
	not_ok "batch mode prints the contract lines"
	printf '%s\n' "$group0" "$attach_line" "$last_event" "$iommu_group_line" \
		"$group_label" "$domain_label" "$d1_label" | tap_comment
fi

start --tui
check "topology: group 0 with its domain" \
	has topology "group 0 type=$type0 domain=$domain0"

all_devices() {
	for d in $devices; do
		has_word topology "$d" || return 1
	done
	[ -n "$devices" ]
}
check "topology: every device of group 0" all_devices

check "trace: the boot's events, newest at the bottom" \
	ends_with trace "$(batch 'trace show 1')"

graph_pane() {
	pane graph >/dev/null 2>&1
}
check "graph: the pane is there with its title" graph_pane
graph_labels() {
	has_label graph "$group_label" && has_label graph "$domain_label"
}
check "graph: group 0 and its domain, labelled as in the DOT text" graph_labels

type_line 'group list'
check "output: the command as typed" has output "iommu-lab> group list"
check "output: group list's line" has output "$group0"

type_line 'domain alloc tuidom unmanaged'
type_line 'attach tuidom group:0'
check "output: attach's result" ends_with output "$attach_line"
check "topology: group 0 in the new domain, the default one named" \
	has topology "group 0 type=$type1 domain=tuidom default=$domain0"
check "trace: attach_device_to_domain, newest at the bottom" \
	ends_with trace "$last_event"

# tab completion and history, as in the plain console
t send-keys -t tui -l 'dev sh'
t send-keys -t tui Tab
t send-keys -t tui -l 'ovl0'
t send-keys -t tui Enter
check "completion: dev sh<Tab> ovl0 runs dev show ovl0" \
	has output "iommu-lab> dev show ovl0"
check "output: dev show's iommu-group line" has output "$iommu_group_line"
check "output: newest at the bottom" ends_with output "$dev_show_last"
type_line 'board show'
t send-keys -t tui Up
t send-keys -t tui Enter
twice() {
	[ "$(pane output | grep -c 'iommu-lab> board show')" -eq 2 ]
}
check "history: Up runs the last command again" twice

# colours on a terminal that has them: error lines in red (SGR 31)
type_line 'dev show nosuch'
esc=$(printf '\033')
red_error() {
	t capture-pane -p -e -t tui |
		grep -q "[[;]31m\\($esc\\[[0-9;]*m\\)*error: dev show: no device 'nosuch'"
}
check "colours: the error line is red" red_error

# Ctrl-C drops the line typed so far; nothing runs
t send-keys -t tui -l 'frobnicate'
command_line() {
	[ "$(tail -n 1 "$screen" | sed 's/ *$//')" = "$1" ]
}
until_screen command_line 'iommu-lab> frobnicate'
t send-keys -t tui C-c
dropped() {
	command_line 'iommu-lab>' && ! has output 'iommu-lab> frobnicate'
}
check "Ctrl-C: the line is dropped" dropped

# PgUp and PgDn scroll the output pane; its border says what is hidden
t send-keys -t tui PPage
check "PgUp: the output pane scrolls back" border_has output ' more below '
t send-keys -t tui NPage
check "PgDn: back to the newest output" ends_with output "error: dev show: no device 'nosuch' (-ENODEV)"

# F2 twice: output -> topology -> graph; then PgDn, Up, PgUp and Home
# move the graph's view (and Up does not reach readline's history)
t send-keys -t tui F2 F2 NPage
at_bottom() {
	border_has graph ' more above ' && ! border_has graph ' more below '
}
check "graph: focused with F2, PgDn scrolls it to the bottom" at_bottom
t send-keys -t tui Up
one_up() {
	border_has graph ' 1 more below ' && command_line 'iommu-lab>'
}
check "graph: Up moves its view a row up, not through the history" one_up
t send-keys -t tui PPage PPage PPage Home
centred() {
	border_has graph ' more above ' && border_has graph ' more below '
}
check "graph: Home puts the view back in the middle" centred
t send-keys -t tui F2 F2

t resize-window -t tui -x 100 -y 30
resized() {
	[ "$(pane width)" = 100 ] && [ "$(wc -l <"$screen")" -eq 30 ] &&
		has topology "group 0 type=$type1 domain=tuidom"
}
check "resize: the panes laid out again" resized

t resize-window -t tui -x 79 -y 30
no_graph() {
	[ "$(pane width)" = 79 ] && ! graph_pane &&
		has topology "group 0 type=$type1 domain=tuidom"
}
check "resize: no graph pane below 80 columns, the others still there" no_graph

modes() {
	t display-message -p -t tui '#{alternate_on} #{keypad_cursor_flag} #{keypad_flag}'
}
in_tui=$(modes)
type_line quit
ended() {
	[ -s "$TEST_TMP/status" ] && [ -s "$TEST_TMP/stty.after" ]
}
check "quit: the program ends" ended
if [ "$(cat "$TEST_TMP/status" 2>/dev/null)" = 0 ]; then
	ok "quit: exit status 0"
else
	not_ok "quit: exit status 0"
	cat "$TEST_TMP/status" 2>/dev/null | tap_comment
fi

restored() {
	cmp -s "$TEST_TMP/stty.before" "$TEST_TMP/stty.after" &&
		[ "$(modes)" = "0 0 0" ] && ! grep -q ' topology ' "$screen"
}
if [ "$in_tui" = "1 1 1" ]; then
	check "quit: terminal modes, screen and keypad restored" restored
else
	not_ok "quit: terminal modes, screen and keypad restored"
	echo "in the interface: alternate_on keypad_cursor_flag keypad_flag = $in_tui" | tap_comment
fi

# The tui command from the plain console; Ctrl-D leaves, back to the prompt.
start ''
prompt() {
	grep -q '^iommu-lab> *$' "$screen"
}
until_screen prompt
type_line tui
check "tui command: the panes appear" has topology "group 0 type=$type0 domain=$domain0"
type_line 'domain alloc d1 unmanaged'
type_line 'attach d1 group:0'
check "graph: d1 drawn once attached" has_label graph "$d1_label"
t send-keys -t tui C-d
type_line 'board show'
back() {
	grep -q '^iommu-lab> board show$' "$screen" &&
		grep -q '^board mt8173-evb: ' "$screen" && ! grep -q ' topology ' "$screen"
}
check "Ctrl-D: back in the plain console" back
type_line quit
check "tui command: the console ends with status 0" \
	grep -qsx 0 "$TEST_TMP/status"

# Failing to start leaves the terminal alone, with one error line.
start --tui TERM=nosuch
no_terminal() {
	# tmux's "Pane is dead" line may scroll the error into the history
	ended && grep -qx 1 "$TEST_TMP/status" &&
		t capture-pane -p -S - -t tui |
		grep -qx 'error: --tui: cannot drive this terminal (check TERM)' &&
		cmp -s "$TEST_TMP/stty.before" "$TEST_TMP/stty.after"
}
check "unknown TERM: one error line, status 1, terminal untouched" no_terminal

# A fatal signal gives the terminal back before the program dies.
start --tui
until_screen has topology "group 0 type=$type0 domain=$domain0"
kill -SEGV $(pgrep -P "$(t display-message -p -t tui '#{pane_pid}')")
killed() {
	ended && ! grep -qsx 0 "$TEST_TMP/status" && restored
}
check "SIGSEGV: terminal modes, screen and keypad restored" killed

exit $test_failures
