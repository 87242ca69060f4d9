/* The peer shim stands in for <linux/kmemleak.h>: peer-kernel.h. */
#include <peer-kernel.h>
