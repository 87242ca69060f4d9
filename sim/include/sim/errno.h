/*
 * Kernel error numbers and their names.  The C library's <errno.h> already
 * has the user-visible ones with the same values as the kernel's
 * asm-generic ones on Linux; the kernel-internal ones are added here.
 */
#ifndef SIM_ERRNO_H
#define SIM_ERRNO_H

#include <errno.h>
#include <stddef.h>

#define EPROBE_DEFER	517	/* driver requests probe retry */
#define ENOTSUPP	524	/* operation is not supported */

/*
 * Returns the kernel name of an error number with its sign, "-EINVAL" for
 * -22 (or 22), "0" for 0.  An unknown number gives "-E?NNN".  The string is
 * static or lives in @buf-less thread-local storage: copy it to keep it.
 */
const char *sim_errname(int err);

/* Returns the error number for a name such as "EINVAL" or "-EINVAL", or 0. */
int sim_errno_from_name(const char *name);

/* The @i-th name sim_errname() knows ("-EPERM", ...), or NULL past the last. */
const char *sim_errname_nth(size_t i);

#endif
