#!/bin/sh
# The groups of an IOMMU keep their places from one picture to the next.
# A session on q35-vtd-2edu changes the picture six times (a domain
# attached, a function removed and another added, a group handed to VFIO,
# the domain detached); after each, `graph FILE.svg` draws it, portrait and
# landscape.  In every SVG the groups inside each IOMMU's cluster must
# read in number order along the layout's axis: top down in portrait
# (dot's left-to-right ranks stack a rank's nodes), left to right in
# landscape.  Which groups there are comes from the kernel, not from the
# simulator's output: q35-vtd-2edu.dts quotes 6.1's log, groups 0 to 5 on
# that machine; removing edu0 empties group 3, whose number
# iommu_group_alloc() (ida_alloc()) hands out again, lowest free first, to
# the next function added.
. "$(dirname "$0")/lib.sh"

plan 2

# groups_in_order FILE.svg...: for each picture, each IOMMU cluster's
# groups in the order they are drawn: "p0 cluster_iommu_dmar0: 0 1 2".
# A cluster's box and a node's shape are its first "points" or "d" after
# its <title>; a group is the cluster's when its centre is in the box.
groups_in_order() {
	axis=$1
	shift
	for f in "$@"; do
		awk -v pic="$(basename "$f" .svg)" -v axis="$axis" '
		function box(s,    n, v, i) {
			gsub(/[^-0-9.]+/, " ", s)
			n = split(s, v, " ")
			x0 = y0 = 1e9; x1 = y1 = -1e9
			for (i = 1; i + 1 <= n; i += 2) {
				if (v[i] + 0 < x0) x0 = v[i] + 0
				if (v[i] + 0 > x1) x1 = v[i] + 0
				if (v[i + 1] + 0 < y0) y0 = v[i + 1] + 0
				if (v[i + 1] + 0 > y1) y1 = v[i + 1] + 0
			}
		}
		/class="cluster"/ { what = "cluster"; next }
		/class="node"/ { what = "node"; next }
		/<title>/ && what != "" {
			title = $0
			sub(/.*<title>/, "", title)
			sub(/<\/title>.*/, "", title)
			next
		}
		/ points="| d="/ && what != "" {
			s = $0
			sub(/.* (points|d)="/, "", s)
			sub(/".*/, "", s)
			box(s)
			if (what == "cluster" && title ~ /^cluster_iommu_/) {
				nc++; cname[nc] = title
				cx0[nc] = x0; cx1[nc] = x1; cy0[nc] = y0; cy1[nc] = y1
			} else if (what == "node" && title ~ /^group:[0-9]+$/) {
				ng++; gid[ng] = substr(title, 7) + 0
				gx[ng] = (x0 + x1) / 2; gy[ng] = (y0 + y1) / 2
			}
			what = ""
		}
		END {
			for (c = 1; c <= nc; c++) {
				k = 0
				for (i = 1; i <= ng; i++)
					if (gx[i] >= cx0[c] && gx[i] <= cx1[c] &&
					    gy[i] >= cy0[c] && gy[i] <= cy1[c]) {
						k++; id[k] = gid[i]
						at[k] = axis == "x" ? gx[i] : gy[i]
					}
				# insertion sort along the axis (SVG y grows downwards)
				for (i = 2; i <= k; i++)
					for (j = i; j > 1 && at[j - 1] > at[j]; j--) {
						t = at[j]; at[j] = at[j - 1]; at[j - 1] = t
						t = id[j]; id[j] = id[j - 1]; id[j - 1] = t
					}
				line = pic " " cname[c] ":"
				for (i = 1; i <= k; i++)
					line = line " " id[i]
				print line
			}
		}' "$f"
	done
}

# session LAYOUT DIR: the session's pictures, p0.svg (the board booted) to p5.svg.
session() {
	mkdir "$2"
	iommu_lab --board q35-vtd-2edu -c "set graph.layout $1; graph $2/p0.svg
domain alloc d1 unmanaged; attach d1 group:5; graph $2/p1.svg
dev del edu0; graph $2/p2.svg
dev add x compatible=iommu-lab,edu bus=pci; graph $2/p3.svg
dev unbind edu1; dev set edu1 driver_override vfio-pci; dev bind edu1 vfio-pci
vfio attach group:4; graph $2/p4.svg
detach d1 group:5; graph $2/p5.svg" >"$2/out" 2>&1
	echo "exit=$?" >>"$2/out"
}

# check LAYOUT AXIS: the session ran to its end, and its pictures read in order.
check() {
	session "$1" "$TEST_TMP/$1"
	groups_in_order "$2" "$TEST_TMP/$1"/p*.svg >"$TEST_TMP/$1.got"
	tail -n 1 "$TEST_TMP/$1/out" | grep -qx 'exit=0' || cat "$TEST_TMP/$1/out"
	tail -n 1 "$TEST_TMP/$1/out" | grep -qx 'exit=0' &&
		diff -u "$TEST_TMP/expected" "$TEST_TMP/$1.got"
}

cat >"$TEST_TMP/expected" <<'EOF'
p0 cluster_iommu_dmar0: 0 1 2 3 4 5
p1 cluster_iommu_dmar0: 0 1 2 3 4 5
p2 cluster_iommu_dmar0: 0 1 2 4 5
p3 cluster_iommu_dmar0: 0 1 2 3 4 5
p4 cluster_iommu_dmar0: 0 1 2 3 4 5
p5 cluster_iommu_dmar0: 0 1 2 3 4 5
EOF

run_check "portrait: every picture's groups in number order, top down" \
	check portrait y
run_check "landscape: every picture's groups in number order, left to right" \
	check landscape x
exit $test_failures
