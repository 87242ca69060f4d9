#!/bin/sh
# The browser view: `graph serve` and `graph live FILE.html`, watched by
# headless Chromium (Debian's chromium; skipped without it).
#
# One console reads its commands from a fifo and serves on a port the
# system picks (`graph serve 0` prints it).  A first Chromium loads the
# page and dumps its DOM once its virtual time has run out; that time
# stands still while the page's event stream is open, so the dump waits
# for the test: the test waits until the console says one browser
# follows, adds a device, lets a second Chromium take a screenshot of a
# fresh load, and then `graph off` closes the stream, the first browser's
# time runs on, and its DOM is the page as the push left it: picture 2,
# with the new device.  The page was never reloaded: its data-version
# says which picture it shows, and only the push makes a 2.
#
# What the picture must hold is the board's and the new device's names
# (graph.c names each node's SVG <title> after the device); the
# screenshot is checked as a PNG of the window's size (800x600, the
# IHDR's width and height) that is not one colour.

. "$(dirname "$0")/lib.sh"

if ! command -v chromium >/dev/null 2>&1; then
	echo "1..0 # SKIP chromium is not installed (chromium)"
	exit 0
fi

plan 11

transcript t1040-graph-serve-errors

# chromium ARGS...: headless, no sandbox (the tests may run as root), its
# profile and home in the test's directory, bounded by a timeout.
# chromium_run NAME ARGS...: each run has a profile of its own, NAME (two
# at once on one profile would be one browser).
chromium_run() {
	profile=$TEST_TMP/chromium.$1
	shift
	HOME=$TEST_TMP timeout 60 chromium --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$profile" "$@" 2>/dev/null
}

fifo=$TEST_TMP/commands
log=$TEST_TMP/serve.out
mkfifo "$fifo"
: >"$log"
iommu_lab <"$fifo" >>"$log" 2>&1 &
pid=$!
exec 3>"$fifo"

# say LINE N: sends LINE, then `graph serve` (which, serving, says where
# and to how many), and waits (at most 30 s) until the log holds N more
# "serving" lines than before: the command and its push are done.
served=0
serving_lines() {
	grep -c '^serving the graph at ' "$log"
}
say() {
	served=$((served + $2))
	printf '%s\ngraph serve\n' "$1" >&3
	tries=0
	while [ "$(serving_lines)" -lt $served ]; do
		tries=$((tries + 1))
		[ $tries -gt 600 ] && return 1
		sleep 0.05
	done
}

say "graph serve 0" 2
port=$(sed -n '1s|^serving the graph at http://127\.0\.0\.1:\([0-9]*\)/ (0 browsers following)$|\1|p' "$log")
run_check "graph serve 0 says where: 127.0.0.1 and a port" [ -n "$port" ]
url=http://127.0.0.1:$port/

# /proc/net/tcp lists each socket's local address as hex IP:PORT, the IP
# in the machine's byte order (127.0.0.1 is 0100007F here), state 0A LISTEN.
listening() {
	awk -v p="$(printf '%04X' "$port")" '
		$4 == "0A" { split($2, a, ":"); if (a[2] == p) print a[1] }' /proc/net/tcp /proc/net/tcp6
}
run_check "it listens on 127.0.0.1 and nowhere else" \
	sh -c '[ "$1" = "0100007F" ]' - "$(listening | tr '\n' ' ' | sed 's/ $//')"

# A second console cannot have the port: one error line.
iommu_lab -c "graph serve $port" >"$TEST_TMP/busy.out" 2>&1
echo "exit=$?" >>"$TEST_TMP/busy.out"
printf "error: graph serve: port %s on 127.0.0.1 is busy\nexit=1\n" "$port" >"$TEST_TMP/busy.expected"
run_check "a busy port is one error line" cmp "$TEST_TMP/busy.expected" "$TEST_TMP/busy.out"

chromium_run pushed --dump-dom --virtual-time-budget=3000 "$url" >"$TEST_TMP/dom.html" &
dom_pid=$!
# the page loads, then opens its event stream (at most 30 s)
tries=0
while ! tail -n 1 "$log" | grep -q "(1 browser following)\$" && [ $tries -lt 150 ]; do
	tries=$((tries + 1))
	sleep 0.2
	say "" 1
done
run_check "the page's event stream reached the console" \
	grep -q "^serving the graph at $url (1 browser following)\$" "$log"

say "dev add cam9 compatible=lab,dma-master" 1
chromium_run shot --screenshot="$TEST_TMP/shot.png" --window-size=800,600 "$url" >/dev/null
printf 'graph off\n' >&3
wait $dom_pid

run_check "the page was pushed the second picture, not reloaded" \
	grep -q '<div id="graph" data-version="2">' "$TEST_TMP/dom.html"
run_check "the pushed picture has the board and the new device" sh -c '
	grep -q "<title>vcodec_dec</title>" "$1" && grep -q "<title>cam9</title>" "$1"' \
	- "$TEST_TMP/dom.html"

# The screenshot: a PNG, its IHDR 800x600, its pixels not all alike.
run_check "the screenshot is an 800x600 PNG that is not blank" perl -MCompress::Zlib -e '
	local $/;
	open(my $f, "<:raw", $ARGV[0]) or die;
	my $png = <$f>;
	die "not a png\n" unless substr($png, 0, 8) eq "\x89PNG\r\n\x1a\n";
	my ($w, $h) = unpack("NN", substr($png, 16, 8));
	die "${w}x$h\n" unless $w == 800 && $h == 600;
	my ($idat, $at) = ("", 8);
	while ($at < length $png) {
		my ($len, $type) = unpack("Na4", substr($png, $at, 8));
		$idat .= substr($png, $at + 8, $len) if $type eq "IDAT";
		$at += 12 + $len;
	}
	my $pixels = uncompress($idat);
	my %seen;
	$seen{$_}++ for unpack("C*", $pixels);
	die "blank\n" if keys %seen < 8;' "$TEST_TMP/shot.png"

# graph off closed the port; the console goes on and ends well.
exec 3>&-
wait $pid
echo "exit=$?" >>"$log"
run_check "graph off closes the port; the console exits 0" sh -c '
	[ -z "$1" ] && tail -n 1 "$2" | grep -q "^exit=0$"' - "$(listening)" "$log"

# graph live FILE.html: the page, rewritten after the change (graph FILE.html
# once: not), no temporary file left; loaded as a file it shows the picture.
live=$TEST_TMP/live
mkdir "$live"
iommu_lab -c "graph live $live/g.html; graph $live/first.html
dev add cam9 compatible=lab,dma-master" >"$TEST_TMP/live.out" 2>&1
run_check "graph live FILE.html writes the page and rewrites it" sh -c '
	cd "$1" && grep -q "<title>cam9</title>" g.html &&
	! grep -q "<title>cam9</title>" first.html &&
	grep -q "<div id=\"graph\" data-version=\"0\">" g.html &&
	[ "$(ls -A | tr "\n" " ")" = "first.html g.html " ] && [ ! -s "$2" ]' \
	- "$live" "$TEST_TMP/live.out"
chromium_run file --dump-dom "file://$live/g.html" >"$TEST_TMP/file-dom.html"
run_check "the file page shows the picture in the browser" \
	grep -q "<title>cam9</title>" "$TEST_TMP/file-dom.html"

exit $test_failures
