/* The userspace stand-in for <linux/mutex.h>: see ../kshim.h. */
#include "../kshim.h"
