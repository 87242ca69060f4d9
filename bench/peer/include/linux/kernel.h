/* The peer shim stands in for <linux/kernel.h>: peer-kernel.h. */
#include <peer-kernel.h>
