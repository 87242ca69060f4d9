/* The peer shim stands in for <linux/gfp.h>: peer-kernel.h. */
#include <peer-kernel.h>
