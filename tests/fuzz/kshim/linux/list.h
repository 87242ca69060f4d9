/* The userspace stand-in for <linux/list.h>: see ../kshim.h. */
#include "../kshim.h"
