/* The peer shim stands in for <linux/bitops.h>: peer-kernel.h. */
#include <peer-kernel.h>
