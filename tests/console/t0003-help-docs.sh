#!/bin/sh
# docs/console.md lists the commands as the program's own `help` prints
# them; this keeps the two from drifting apart.

. "$(dirname "$0")/lib.sh"

plan 1

doc=$TEST_TMP/doc-help.txt
got=$TEST_TMP/help.txt
# The fenced block that starts with the "help" row.
sed -n '/^```$/{n;/^help /{:a;p;n;/^```$/q;ba}}' "$TEST_DIR/../../docs/console.md" >"$doc"
iommu_lab -c help >"$got" 2>&1
if [ -s "$doc" ] && cmp -s "$doc" "$got"; then
	ok "docs/console.md help block"
else
	not_ok "docs/console.md help block"
	diff -u "$doc" "$got" | tap_comment
fi
exit $test_failures
