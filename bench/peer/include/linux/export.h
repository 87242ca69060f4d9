/* The peer shim stands in for <linux/export.h>: peer-kernel.h. */
#include <peer-kernel.h>
