#!/bin/sh
# Console errors and the ways of running: one "error: CMD: message" line per
# failing command, suggestions for typos, argument counts from the command
# table, number parsing, -e/-k/-c, comments, options and exit statuses, and
# that a failing command leaves the machine as it was.
#
# The expected output is written from docs (CONSOLE.md, the console brief)
# and the kernel's defaults, not captured from the program.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-unchanged.sh"

plan 45

transcript t0001-unknown-command
transcript t0001-help-unknown
transcript t0001-arg-count
transcript t0001-numbers
transcript t0001-unknown-names
transcript t0001-drv-no-drivers --no-drivers
transcript t0001-settings
transcript t0001-dev-add-errors
transcript t0001-keep-going
transcript t0001-keep-going-k -k
transcript t0001-stop-e -e
transcript t0001-quit
transcript t0001-comments
transcript t0001-c-semicolon -c "era v4.12; era list; nosuch; era 'v5.19'  # era v6.2; era list
era list"
transcript t0001-help --help
transcript t0001-version --version
transcript t0001-bad-option --frob
transcript t0001-bad-short-option -z
transcript t0001-c-no-argument -c
transcript t0001-board-no-argument --board
transcript t0001-two-files one.in two.in
transcript t0001-no-script nosuch.in
transcript t0001-no-board --board mt8137-evb
# --boot: the boot parameters the board boots with, as set gives them
# (t0001-settings' defaults, two of them changed); set's refusal, and a
# word that is no NAME=VALUE, are usage errors.
transcript t0001-boot --boot iommu.strict=1 --boot deferred_probe_timeout=5 -c 'show settings'
transcript t0001-boot-bad-value --boot iommu.strict=2 -c 'show settings'
transcript t0001-boot-not-pair --boot strict -c 'show settings'

# What a failing command must not change, as the commands show it.
STATE='dev list; drv list; show settings; era list; board show; deferred; tick 0'

run_check "dev add with an unknown key changes nothing" \
	unchanged_by 'dev add x compatible=foo bogus=1'
run_check "dev add with a bad iommus id changes nothing" \
	unchanged_by 'dev add x compatible=mediatek,mt8173-disp-ovl iommus=iommu:1x'
run_check "dev add of a taken name is -EEXIST and changes nothing" \
	unchanged_by 'dev add ovl0 compatible=mediatek,mt8173-disp-ovl' -EEXIST
run_check "dev add with an unknown iommu is -ENODEV and changes nothing" \
	unchanged_by 'dev add x compatible=mediatek,mt8173-disp-ovl iommus=nosuch:1' -ENODEV
run_check "dev add with an unknown larb is -ENODEV and changes nothing" \
	unchanged_by 'dev add x compatible=mediatek,mt8173-disp-ovl larb=nosuch' -ENODEV
run_check "dev del of no device is -ENODEV and changes nothing" \
	unchanged_by 'dev del nosuch' -ENODEV
run_check "drv load of a loaded driver is -EBUSY and changes nothing" \
	unchanged_by 'drv load mtk-iommu' -EBUSY
run_check "board load of an unknown board changes nothing" \
	unchanged_by 'board load nosuch'
run_check "board load of a missing file changes nothing" \
	unchanged_by 'board load /nonexistent/board.dtb'
run_check "board load of a broken .dts changes nothing" \
	unchanged_by 'board load t0001-bad.dts'
run_check "set with a bad value changes nothing" \
	unchanged_by 'set iommu.strict 2'
run_check "era with an unknown name changes nothing" \
	unchanged_by 'era v9'
run_check "tick with a bad duration changes nothing" \
	unchanged_by 'tick 1x'

run_check "a file that is not a blob fails in the simulator with -EINVAL" \
	unchanged_by 'board load t0001-not-a-blob.dtb' -EINVAL

transcript_stdin t0001-stdin
transcript t0001-source
transcript t0001-source-e -e
transcript t0001-source-nested
transcript t0001-bad-dts
