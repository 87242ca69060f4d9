/* The userspace stand-in for <linux/kernel.h>: see ../kshim.h. */
#include "../kshim.h"
