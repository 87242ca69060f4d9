/* The peer shim stands in for <asm/barrier.h>: peer-kernel.h. */
#include <peer-kernel.h>
