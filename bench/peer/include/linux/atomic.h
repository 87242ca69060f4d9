/* The peer shim stands in for <linux/atomic.h>: peer-kernel.h. */
#include <peer-kernel.h>
