/* The peer shim stands in for <linux/module.h>: peer-kernel.h. */
#include <peer-kernel.h>
