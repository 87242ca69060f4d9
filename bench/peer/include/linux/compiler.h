/* The peer shim stands in for <linux/compiler.h>: peer-kernel.h. */
#include <peer-kernel.h>
