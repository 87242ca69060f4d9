/* SZ_4K and friends (include/linux/sizes.h); defined in sim/types.h. */
#ifndef _LINUX_SIZES_H
#define _LINUX_SIZES_H

#include <sim/types.h>

#endif
