/*
 * Allocation flags (include/linux/gfp.h): GFP_KERNEL and GFP_ATOMIC,
 * defined in sim/types.h.  The simulator never sleeps, so they only
 * document.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <sim/types.h>

#endif
