/* The peer shim stands in for <linux/stddef.h>: peer-kernel.h. */
#include <peer-kernel.h>
