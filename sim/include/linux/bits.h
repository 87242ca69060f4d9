/* BIT() and GENMASK() (include/linux/bits.h); defined in sim/types.h. */
#ifndef _LINUX_BITS_H
#define _LINUX_BITS_H

#include <sim/types.h>

#endif
