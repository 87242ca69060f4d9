/* The peer shim stands in for <linux/spinlock.h>: peer-kernel.h. */
#include <peer-kernel.h>
