/* The peer shim stands in for <linux/bug.h>: peer-kernel.h. */
#include <peer-kernel.h>
