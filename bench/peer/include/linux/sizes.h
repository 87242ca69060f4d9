/* The peer shim stands in for <linux/sizes.h>: peer-kernel.h. */
#include <peer-kernel.h>
