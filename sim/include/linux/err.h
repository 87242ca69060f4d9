/* Error values in pointers (include/linux/err.h); defined in sim/err.h. */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#include <sim/err.h>

#endif
