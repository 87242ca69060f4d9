/* kmalloc() and kfree() (include/linux/slab.h); defined in sim/slab.h. */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>

#include <sim/slab.h>

#endif
