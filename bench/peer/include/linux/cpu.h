/* The peer shim stands in for <linux/cpu.h>: peer-kernel.h. */
#include <peer-kernel.h>
