#!/bin/sh
# The project's ARMv7 short-descriptor page table in both worlds.  x86's
# 6.1 kernel has no v7s, so kernel-lab's M4U driver runs the simulator's
# own sim/iommu/io-pgtable-arm-v7s.c, with kernel-lab/lab_v7s_mem.c for
# what differs (<lab_v7s_mem.h>: where the tables come from, how a
# descriptor is reached, the warning events) and as the front end,
# lab_alloc_io_pgtable_ops().  The simulator's side is tests/unit/v7s-t.
#
# - Each of the two files, copied unchanged, compiles with Kbuild and
#   -Werror against the installed Debian 6.1 headers (make test passes
#   their directory as KERNEL_LAB_KDIR) into an object that defines what
#   the other and the driver need.
# - With tests/kernel-lab/v7s/lab_v7s_check.c they link into a module
#   (modpost finds every symbol they use among the kernel's exports).
# - In QEMU (x86 q35 with 5 GiB, so that ordinary pages can lie above
#   4 GiB), loading that module runs its checks on the real kernel: each
#   "v7s-check: ok/not ok" line it prints is one test here, its expected
#   values worked out by hand in the module's comment.  The kernel must
#   neither oops nor warn.
#
# Skipped without headers (make check installs them), the VM part without
# QEMU, a kernel image or a static busybox.  KERNEL_LAB_KEEP=DIR keeps the
# VM's console log.

. "$(dirname "$0")/lib.sh"
. "$TEST_DIR/lib-kbuild.sh"

SRC=$(cd "$TEST_DIR/../.." && pwd)
KDIR=${KERNEL_LAB_KDIR:-}
KEEP=${KERNEL_LAB_KEEP:-}
VM_TIMEOUT=${KERNEL_LAB_TIMEOUT:-300}
MODULE=lab_v7s

# What each file defines for the other and for the M4U driver.
provides() {
	case $1 in
	io-pgtable-arm-v7s.c)	echo io_pgtable_arm_v7s_init_fns ;;
	lab_v7s_mem.c)		echo lab_alloc_io_pgtable_ops lab_free_io_pgtable_ops \
				     lab_v7s_mem_init lab_v7s_mem_free __lab_v7s_table_alloc \
				     lab_v7s_table_free lab_v7s_table_page \
				     lab_v7s_warn lab_v7s_table_too_high ;;
	esac
}

skip() {
	echo "ok $((test_count += 1)) - $1 # SKIP $2"
}

if [ -z "$KDIR" ] || [ ! -f "$KDIR/Makefile" ]; then
	echo "1..0 # SKIP no kernel headers (KERNEL_LAB_KDIR)"
	exit 0
fi

BUILD=$TEST_TMP/kbuild
mkdir -p "$BUILD/trace/events"
cp "$SRC/sim/iommu/io-pgtable-arm-v7s.c" "$SRC/kernel-lab/lab_v7s_mem.c" \
	"$SRC/sim/include/lab_v7s_mem.h" "$SRC/tests/kernel-lab/v7s/lab_v7s_check.c" "$BUILD/"
cp "$SRC/sim/include/trace/events/iommu_lab.h" "$BUILD/trace/events/"
cat >"$BUILD/Kbuild" <<EOF
obj-m += $MODULE.o
$MODULE-y += io-pgtable-arm-v7s.o
$MODULE-y += lab_v7s_check.o
$MODULE-y += lab_v7s_mem.o
ccflags-y += -Werror -I\$(src)
EOF

for f in io-pgtable-arm-v7s.c lab_v7s_mem.c; do
	obj=${f%.c}.o
	if ! make -C "$KDIR" M="$BUILD" "$obj" >"$BUILD/${f%.c}.log" 2>&1; then
		not_ok "$f builds against 6.1"
		tap_comment <"$BUILD/${f%.c}.log"
		continue
	fi
	kbuild_defines "$f" "$BUILD/$obj" $(provides "$f")
done

if make -C "$KDIR" M="$BUILD" modules >"$BUILD/modules.log" 2>&1 &&
   [ -f "$BUILD/$MODULE.ko" ]; then
	ok "they link into a module with the kernel's exports"
else
	not_ok "they link into a module with the kernel's exports"
	tap_comment <"$BUILD/modules.log"
	plan "$test_count"
	exit 1
fi

# The VM: a busybox initramfs whose init loads the module and prints its
# lines between markers.
WHAT="the checks run on the real kernel"
busybox=$(command -v busybox) || busybox=
version=$(tr '\0' '\n' <"$BUILD/$MODULE.ko" | sed -n 's/^vermagic=\([^ ]*\).*/\1/p' | head -n 1)
kernel=/boot/vmlinuz-$version
if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
	skip "$WHAT" "qemu-system-x86_64 is not installed (qemu-system-x86)"
elif [ ! -r "$kernel" ]; then
	skip "$WHAT" "no kernel image $kernel (linux-image-amd64)"
elif [ -z "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	skip "$WHAT" "no static busybox (busybox-static)"
elif ! command -v cpio >/dev/null 2>&1; then
	skip "$WHAT" "no cpio"
else
	root=$TEST_TMP/root
	mkdir -p "$root/bin" "$root/proc" "$root/sys"
	cp "$busybox" "$root/bin/busybox"
	cp "$BUILD/$MODULE.ko" "$root/"
	cat >"$root/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo @@lab-v7s-begin
if insmod /$MODULE.ko; then
	dmesg | sed -n 's/^\[[^]]*\] v7s-check: //p'
	rmmod $MODULE || echo "rmmod failed"
else
	echo "insmod failed"
fi
echo @@lab-v7s-end
poweroff -f
EOF
	chmod +x "$root/init"
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$TEST_TMP/initrd"
	# The timing parameters are scripts/kernel-lab-run's, for a busy host.
	rc=0
	timeout -k 5 "$VM_TIMEOUT" qemu-system-x86_64 -accel tcg \
		-machine q35 -cpu max -m 5G -smp 1 \
		-display none -monitor none -serial "file:$TEST_TMP/console.log" -no-reboot \
		-kernel "$kernel" -initrd "$TEST_TMP/initrd" \
		-append "console=ttyS0 panic=-1 no_timer_check watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=300" \
		</dev/null >"$TEST_TMP/qemu.out" 2>&1 || rc=$?
	tr -d '\r' <"$TEST_TMP/console.log" >"$TEST_TMP/log"
	[ -z "$KEEP" ] || { mkdir -p "$KEEP" && cp "$TEST_TMP/log" "$KEEP/t0603-console.log"; }
	sed -n '/^@@lab-v7s-begin$/,/^@@lab-v7s-end$/p' "$TEST_TMP/log" |
		grep -vE '^(@@lab-v7s-|\[)' >"$TEST_TMP/lines" || true

	if [ "$rc" -ne 0 ]; then
		not_ok "$WHAT"
		{ echo "qemu exited with $rc"; cat "$TEST_TMP/qemu.out"; tail -n 40 "$TEST_TMP/log"; } |
			tap_comment
	else
		while IFS= read -r line; do
			case $line in
			'ok - '*) ok "kernel: ${line#ok - }" ;;
			'not ok - '*) not_ok "kernel: ${line#not ok - }" ;;
			'# '*) echo "$line" ;;
			done) ;;
			*) not_ok "kernel: $line" ;;
			esac
		done <"$TEST_TMP/lines"
		if grep -qx done "$TEST_TMP/lines"; then
			ok "the module ran every check"
		else
			not_ok "the module ran every check"
			tail -n 40 "$TEST_TMP/log" | tap_comment
		fi
		bad=$(grep -nE 'Oops|BUG:|WARNING:|Kernel panic|general protection fault|cut here|Call Trace:|UBSAN:' \
			"$TEST_TMP/log" | head -n 1) || true
		if [ -z "$bad" ]; then
			ok "the kernel neither oopsed nor warned"
		else
			not_ok "the kernel neither oopsed nor warned"
			echo "$bad" | tap_comment
		fi
	fi
fi
plan "$test_count"
[ "$test_failures" -eq 0 ]
