# Where the kernel headers for kernel-lab's module are: KDIR if given, else
# the running kernel's, else the newest installed under /lib/modules (a
# container usually runs a kernel whose headers are not installed, while
# Debian's linux-headers-amd64 matches the kernel in /boot that QEMU
# boots).  Empty when there are none.
KDIR ?= $(firstword $(patsubst %/Makefile,%,$(wildcard /lib/modules/$(shell uname -r)/build/Makefile)) \
	$(shell ls -d /lib/modules/*/build/Makefile 2>/dev/null | sed 's,/Makefile$$,,' | sort -V | tail -n 1))
