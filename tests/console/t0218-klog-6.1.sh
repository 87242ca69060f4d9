#!/bin/sh
# The simulator's kernel log lines against Linux 6.1's source: for each
# row of t0218-klog-6.1.table, the format string is read from Debian's
# linux-source-6.1 tarball (/usr/src/linux-source-6.1.tar.xz, package
# linux-source-6.1), turned into a pattern with its call's prefix, and the
# row's hand-derived line must both match it and be in the simulator's
# dmesg after the row's commands.  So a line whose wording drifts from
# 6.1's fails, and so does a simulator that stops printing it.
#
# The few source files the table names are extracted once into the build
# directory (beside $IOMMU_LAB), linux-source-6.1/...; set
# LINUX_SOURCE_TARBALL to use another copy of the tarball.

. "$(dirname "$0")/lib.sh"

TABLE=$TEST_DIR/t0218-klog-6.1.table
TARBALL=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
CACHE=$(cd "$(dirname "$IOMMU_LAB")" && pwd)
SRC=$CACHE/linux-source-6.1

rows=$(grep -v -e '^#' -e '^[[:space:]]*$' "$TABLE")
count=$(printf '%s\n' "$rows" | wc -l)
plan "$count"

# field N ROW: the row's Nth " | "-separated field.
field() {
	printf '%s\n' "$2" | awk -v n="$1" '{ split($0, f, / \| /); print f[n] }'
}

files=$(printf '%s\n' "$rows" | awk '{ split($0, f, / \| /); print f[1] }' | sort -u)
missing=
for f in $files; do
	[ -r "$SRC/$f" ] || missing="$missing linux-source-6.1/$f"
done
if [ -n "$missing" ]; then
	if [ ! -r "$TARBALL" ]; then
		printf '%s\n' "$rows" | while IFS= read -r row; do
			echo "not ok - $(field 1 "$row"): no $TARBALL (install linux-source-6.1: scripts/install-deps)"
		done
		exit 1
	fi
	# Into a directory of its own, then renamed: a parallel run never
	# reads a half-written file.
	tmp=$(mktemp -d "$CACHE/.linux-source.XXXXXX") || exit 1
	# shellcheck disable=SC2086 # one member a word
	if ! tar -xJf "$TARBALL" -C "$tmp" $missing; then
		rm -rf "$tmp"
		echo "Bail out! cannot extract$missing from $TARBALL"
		exit 1
	fi
	for m in $missing; do
		mkdir -p "$(dirname "$CACHE/$m")"
		mv -f "$tmp/$m" "$CACHE/$m"
	done
	rm -rf "$tmp"
fi

# format FILE TEXT: "KIND<tab>PRFMT<tab>FORMAT" of the first string
# literal that holds TEXT (not a comment): KIND dev, pr or other (what prints it, looked for up
# to four lines above), PRFMT the file's pr_fmt() string, FORMAT the
# string's text with C's adjacent literals joined.  Nothing if not found.
format() {
	awk -v text="$2" '
	# The string literals of line @s, joined; sets "open" when the line
	# ends right after one (the string may go on on the next line).
	function literals(s,    out, i, c, in_str) {
		out = ""; in_str = 0; open = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (in_str && c == "\\") {
				out = out c substr(s, i + 1, 1); i++
			} else if (c == "\"") {
				in_str = !in_str
			} else if (in_str) {
				out = out c
			}
		}
		rest = s
		sub(/.*"/, "", rest)
		open = rest ~ /^[ \t]*$/
		return out
	}
	/^#define[ \t]+pr_fmt\(fmt\)/ {
		prfmt = $0; sub(/^[^"]*"/, "", prfmt); sub(/".*/, "", prfmt)
	}
	{ line[NR] = $0 }
	!found && index(literals($0), text) { found = NR }
	END {
		if (!found)
			exit 1
		fmt = literals(line[found])
		for (n = found + 1; open && line[n] ~ /^[ \t]*"/; n++)
			fmt = fmt literals(line[n])
		kind = "other"
		for (n = found; n >= found - 4 && n >= 1; n--) {
			if (match(line[n], /(dev|pr)_[a-z_]+\(/)) {
				kind = substr(line[n], RSTART, 2) == "pr" ? "pr" : "dev"
				break
			}
			if (line[n] ~ /printk\(/)
				break
		}
		printf "%s\t%s\t%s\n", kind, prfmt, fmt
	}' "$1"
}

# pattern FORMAT: an extended regular expression for what printk makes of
# it, the trailing newline dropped.  %p extensions as 6.1's vsprintf.c
# prints them: %pe an errno's name, %pV a nested format, %pS a symbol
# (with or without +0xOFF/0xSIZE), %pa an address, %pR a resource.
pattern() {
	printf '%s\n' "$1" | awk '{
		s = $0; out = ""
		sub(/\\n$/, "", s)
		while (length(s)) {
			c = substr(s, 1, 1)
			if (c == "%" && match(s, /^%[-+ #0]*[0-9]*(\.[0-9]+)?(hh|h|ll|l|z|t)?[diuxXcsp%]/)) {
				conv = substr(s, RLENGTH, 1)
				s = substr(s, RLENGTH + 1)
				if (conv == "d" || conv == "i") out = out "-?[0-9]+"
				else if (conv == "u") out = out "[0-9]+"
				else if (conv == "x") out = out "[0-9a-f]+"
				else if (conv == "X") out = out "[0-9A-F]+"
				else if (conv == "c") out = out "."
				else if (conv == "s") out = out ".*"
				else if (conv == "%") out = out "%"
				else {
					ext = substr(s, 1, 1)
					if (ext ~ /[a-zA-Z]/) s = substr(s, 2)
					if (ext == "e") out = out "-E[A-Z0-9]+"
					else if (ext == "S" || ext == "s") out = out "[A-Za-z0-9_.]+(\\+0x[0-9a-f]+/0x[0-9a-f]+)?"
					else if (ext == "a") out = out "0x[0-9a-f]+"
					else if (ext == "R") out = out "\\[.*\\]"
					else out = out ".*"
				}
				continue
			}
			if (c == "\\") {
				c = substr(s, 2, 1); s = substr(s, 3)
				out = out (c == "t" ? "\t" : c ~ /[\\"]/ ? (c == "\\" ? "\\\\" : c) : c)
				continue
			}
			s = substr(s, 2)
			out = out (c ~ /[][\\^$.|()*+?{}]/ ? "\\" c : c)
		}
		print out
	}'
}

# ere_quote S: S as an extended regular expression matching itself.
ere_quote() {
	printf '%s\n' "$1" | sed 's/[][\\^$.|()*+?{}]/\\&/g'
}

printf '%s\n' "$rows" >"$TEST_TMP/rows"
while IFS= read -r row; do
	file=$(field 1 "$row")
	text=$(field 2 "$row")
	args=$(field 3 "$row")
	cmds=$(field 4 "$row")
	want=$(field 5 "$row" | sed 's/^"//; s/"$//')
	name="$file: \"$text\""
	if ! found=$(format "$SRC/$file" "$text"); then
		not_ok "$name: not in 6.1's $file"
		continue
	fi
	kind=$(printf '%s\n' "$found" | cut -f1)
	prfmt=$(printf '%s\n' "$found" | cut -f2)
	fmt=$(printf '%s\n' "$found" | cut -f3-)
	case $kind in
	# dev_printk_emit()'s "DRIVER DEVNAME: " (drivers/base/core.c)
	dev) prefix='[A-Za-z0-9_.-]+ [A-Za-z0-9_.:-]+: ' ;;
	pr) prefix=$(ere_quote "$prfmt") ;;
	*) prefix= ;;
	esac
	re="^$prefix$(pattern "$fmt")\$"
	# shellcheck disable=SC2086 # ARGS are words
	iommu_lab $args -c "$cmds" </dev/null 2>&1 |
		sed -n 's/^\[[0-9]*\.[0-9]*\] //p' >"$TEST_TMP/dmesg"
	if ! printf '%s\n' "$want" | awk -v re="$re" '$0 ~ re { ok = 1 } END { exit !ok }'; then
		not_ok "$name: the table's line does not match 6.1's format"
		printf 'format: %s\npattern: %s\nline:    %s\n' "$fmt" "$re" "$want" | tap_comment
	elif ! grep -qxF -- "$want" "$TEST_TMP/dmesg"; then
		not_ok "$name: not in the simulator's dmesg"
		printf 'wanted: %s\ndmesg after %s -c %s:\n' "$want" "$args" "$cmds" | tap_comment
		tap_comment <"$TEST_TMP/dmesg"
	else
		ok "$name"
	fi
done <"$TEST_TMP/rows"
[ "$test_failures" -eq 0 ]
