/* The userspace stand-in for <linux/slab.h>: see ../kshim.h. */
#include "../kshim.h"
