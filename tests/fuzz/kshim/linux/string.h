/* The userspace stand-in for <linux/string.h>: see ../kshim.h. */
#include "../kshim.h"
