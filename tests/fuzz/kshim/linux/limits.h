/* The userspace stand-in for <linux/limits.h>: see ../kshim.h. */
#include "../kshim.h"
