/* The userspace stand-in for <linux/stdarg.h>: see ../kshim.h. */
#include "../kshim.h"
