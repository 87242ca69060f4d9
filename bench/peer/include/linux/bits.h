/* The peer shim stands in for <linux/bits.h>: peer-kernel.h. */
#include <peer-kernel.h>
