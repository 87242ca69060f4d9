/*
 * The userspace stand-in for <linux/errno.h> (see ../kshim.h): the
 * system's errno values.  The C library's <errno.h> includes this file by
 * that name too, so it must not include ../kshim.h, which is on its way
 * in then.
 */
#include <asm/errno.h>
