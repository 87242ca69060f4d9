#!/bin/sh
# The IOMMU core on mt8173-evb, Linux 6.1: one M4U group, one default
# domain, and the order the driver sees its callbacks in ("Re: [PATCH v6
# 4/5] iommu/mediatek: Add mt8173 IOMMU driver", December 2015, as it
# ended up).  See docs/iommu-core.md.

. "$(dirname "$0")/lib.sh"

plan 4

transcript t0200-mt8173-group
transcript t0200-attach-twice
transcript t0200-free-domain

# One notation for a specifier: dev show's iommus line and the trace's
# of_xlate id= give jpegdec's two M4U IDs alike, in hex.  mt8173.dtsi's
# jpegdec has M4U_PORT_JPGDEC_WDMA and M4U_PORT_JPGDEC_BSDMA, larb 3 ports
# 7 and 8; MTK_M4U_ID(larb, port) is larb << 5 | port: 0x67 and 0x68.
jpegdec_ids() {
	iommu_lab -c 'dev show jpegdec; trace show of_xlate dev=jpegdec' \
		>"$TEST_TMP/jpegdec" 2>&1 || return 1
	grep -x -e 'iommus: .*' -e '.* of_xlate dev=jpegdec .*' "$TEST_TMP/jpegdec" \
		>"$TEST_TMP/jpegdec-ids"
	printf '%s\n' 'iommus: iommu:0x67,0x68' \
		'[0.000000] of_xlate dev=jpegdec id=0x67' \
		'[0.000000] of_xlate dev=jpegdec id=0x68' | cmp -s - "$TEST_TMP/jpegdec-ids" ||
		{ cat "$TEST_TMP/jpegdec"; return 1; }
}
run_check "jpegdec's iommus in dev show and of_xlate in the trace: one notation" jpegdec_ids
