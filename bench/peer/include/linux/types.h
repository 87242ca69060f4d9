/* The peer shim stands in for <linux/types.h>: peer-kernel.h. */
#include <peer-kernel.h>
