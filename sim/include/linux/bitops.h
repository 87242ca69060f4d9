/* Bit operations (include/linux/bitops.h): the bits of <linux/bits.h>. */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/bits.h>

#endif
