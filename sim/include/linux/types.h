/*
 * Kernel integer types (include/linux/types.h); the simulator's own
 * definitions are in sim/types.h.  The C library's headers include the
 * user-space <linux/types.h> this one shadows: it comes first.
 */
#ifndef _SIM_LINUX_TYPES_H
#define _SIM_LINUX_TYPES_H

#include_next <linux/types.h>

#include <sim/types.h>

typedef phys_addr_t resource_size_t;

#endif
