/* The peer shim stands in for <linux/slab.h>: peer-kernel.h. */
#include <peer-kernel.h>
