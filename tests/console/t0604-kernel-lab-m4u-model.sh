#!/bin/sh
# The M4U model in both worlds.  The core of the mt8173 M4U and SMI larb
# models (sim/hw/m4u_core.c, m4u_tlb.c, m4u_walk.c, smi_larb_core.c,
# declared in sim/include/sim/m4u-core.h) is what kernel-lab's module
# builds too, behind its kernel host, kernel-lab/lab_m4u_model.c.
#
# - Each core file includes kernel headers, the trace table and the
#   host-independent headers of the model only (sim/m4u-core.h,
#   sim/dma-xlate.h, sim/pgtable-walk.h): nothing of the simulator's
#   machine or the C library.
# - Each core file and the kernel host, copied unchanged, compiles with
#   Kbuild and -Werror against the installed Debian 6.1 kernel headers
#   (make test passes their directory as KERNEL_LAB_KDIR) into an object
#   that defines what its header says it provides.
# - Linked into one module with a stand-in for the module's trace sink
#   (lab_trace_event(), which each kernel-lab module defines), modpost
#   finds every kernel symbol they use exported by 6.1.
# Skipped without headers, which make check installs.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-kbuild.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
KDIR=${KERNEL_LAB_KDIR:-}

CORE="m4u_core.c m4u_tlb.c m4u_walk.c smi_larb_core.c"
HOST=lab_m4u_model.c
HDRS="m4u-core.h dma-xlate.h pgtable-walk.h"

# What each file defines for the others (m4u-core.h, lab_m4u_model.h).
provides() {
	case $1 in
	m4u_core.c)		echo m4u_reg_read m4u_reg_write m4u_reg_peek m4u_translate ;;
	m4u_tlb.c)		echo m4u_tlb_init m4u_tlb_lookup m4u_tlb_insert \
				     m4u_tlb_invalidate_range m4u_tlb_invalidate_all ;;
	m4u_walk.c)		echo m4u_walk_table ;;
	smi_larb_core.c)	echo smi_larb_reg_read smi_larb_reg_write ;;
	lab_m4u_model.c)	echo lab_m4u_model_create lab_m4u_model_destroy \
				     lab_m4u_model_irq lab_m4u_model_access lab_hw_ioremap \
				     lab_hw_devm_ioremap_resource \
				     lab_hw_devm_platform_ioremap_resource lab_hw_readl \
				     lab_hw_writel lab_m4u_pgtable_walk ;;
	esac
}

plan $((1 + $(echo $CORE $HOST | wc -w) + 1))

cd "$SRC/sim/hw" || exit 1
allowed='#[[:space:]]*include[[:space:]]*<(linux/[^>]*|trace/events/iommu_lab\.h|sim/(m4u-core|dma-xlate|pgtable-walk)\.h)>'
if grep -nE '^#[[:space:]]*include' $CORE | grep -vE ":[0-9]+:$allowed" >"$TEST_TMP/includes"; then
	not_ok "the core includes kernel and model headers only"
	tap_comment <"$TEST_TMP/includes"
else
	ok "the core includes kernel and model headers only"
fi

if [ -z "$KDIR" ] || [ ! -f "$KDIR/Makefile" ]; then
	for f in $CORE $HOST; do
		echo "ok $((test_count += 1)) - $f builds against 6.1 # SKIP no kernel headers (KERNEL_LAB_KDIR)"
	done
	echo "ok $((test_count += 1)) - the module links against 6.1 # SKIP no kernel headers (KERNEL_LAB_KDIR)"
	exit 0
fi

BUILD=$TEST_TMP/kbuild
mkdir -p "$BUILD/sim" "$BUILD/trace/events"
cp $CORE "$BUILD/"
cp "$SRC/kernel-lab/$HOST" "$SRC/kernel-lab/lab_m4u_model.h" "$BUILD/"
for h in $HDRS; do
	cp "$SRC/sim/include/sim/$h" "$BUILD/sim/"
done
cp "$SRC/sim/include/trace/events/iommu_lab.h" "$BUILD/trace/events/"
cat >"$BUILD/lab_trace_sink.c" <<'EOF'
#include <linux/module.h>
#include <trace/events/iommu_lab.h>

void lab_trace_event(const char *event, const char *fmt, ...)
{
}

MODULE_LICENSE("GPL");
EOF
{
	echo "obj-m += lab_m4u_model_check.o"
	for f in $CORE $HOST lab_trace_sink.c; do
		echo "lab_m4u_model_check-y += ${f%.c}.o"
	done
	echo "ccflags-y += -Werror -I\$(src)"
} >"$BUILD/Kbuild"

for f in $CORE $HOST; do
	obj=${f%.c}.o
	if ! make -C "$KDIR" M="$BUILD" "$obj" >"$BUILD/${f%.c}.log" 2>&1; then
		not_ok "$f builds against 6.1"
		tap_comment <"$BUILD/${f%.c}.log"
		continue
	fi
	kbuild_defines "$f" "$BUILD/$obj" $(provides "$f")
done

if make -C "$KDIR" M="$BUILD" modules >"$BUILD/modules.log" 2>&1; then
	ok "the module links against 6.1"
else
	not_ok "the module links against 6.1"
	tap_comment <"$BUILD/modules.log"
fi
[ "$test_failures" -eq 0 ]
