/* The userspace stand-in for <linux/types.h>: see ../kshim.h. */
#include "../kshim.h"
