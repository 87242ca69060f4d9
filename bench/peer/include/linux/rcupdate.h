/* The peer shim stands in for <linux/rcupdate.h>: peer-kernel.h. */
#include <peer-kernel.h>
