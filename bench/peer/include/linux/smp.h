/* The peer shim stands in for <linux/smp.h>: peer-kernel.h. */
#include <peer-kernel.h>
