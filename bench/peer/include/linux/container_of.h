/* The peer shim stands in for <linux/container_of.h>: peer-kernel.h. */
#include <peer-kernel.h>
