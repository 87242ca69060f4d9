/* The peer shim stands in for <linux/dma-mapping.h>: peer-kernel.h. */
#include <peer-kernel.h>
