/*
 * Names of kernel error numbers, for trace events and console errors.
 */
#include <stdio.h>
#include <string.h>

#include <sim/errno.h>
#include <sim/types.h>

struct errno_name {
	int err;
	const char *name;
};

/* The values are the kernel's asm-generic ones; the C library agrees. */
_Static_assert(ENODEV == 19 && EINVAL == 22 && ERANGE == 34 &&
	       EMEDIUMTYPE == 124 && ETIMEDOUT == 110 && EOPNOTSUPP == 95,
	       "C library errno values differ from the kernel's");

static const struct errno_name errno_names[] = {
	{ EPERM, "-EPERM" },
	{ ENOENT, "-ENOENT" },
	{ EIO, "-EIO" },
	{ ENXIO, "-ENXIO" },
	{ E2BIG, "-E2BIG" },
	{ EAGAIN, "-EAGAIN" },
	{ ENOMEM, "-ENOMEM" },
	{ EACCES, "-EACCES" },
	{ EFAULT, "-EFAULT" },
	{ EBUSY, "-EBUSY" },
	{ EEXIST, "-EEXIST" },
	{ EXDEV, "-EXDEV" },
	{ ENODEV, "-ENODEV" },
	{ EINVAL, "-EINVAL" },
	{ ENOSPC, "-ENOSPC" },
	{ EDOM, "-EDOM" },
	{ ERANGE, "-ERANGE" },
	{ EDEADLK, "-EDEADLK" },
	{ ENOSYS, "-ENOSYS" },
	{ EOVERFLOW, "-EOVERFLOW" },
	{ EOPNOTSUPP, "-EOPNOTSUPP" },
	{ ETIMEDOUT, "-ETIMEDOUT" },
	{ EMEDIUMTYPE, "-EMEDIUMTYPE" },
	{ EPROBE_DEFER, "-EPROBE_DEFER" },
	{ ENOTSUPP, "-ENOTSUPP" },
};

const char *sim_errname(int err)
{
	static __thread char unknown[24];

	if (err == 0)
		return "0";
	if (err < 0)
		err = -err;
	for (size_t i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(unknown, sizeof(unknown), "-E?%d", err);
	return unknown;
}

int sim_errno_from_name(const char *name)
{
	if (name[0] == '-')
		name++;
	for (size_t i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (!strcmp(errno_names[i].name + 1, name))
			return errno_names[i].err;
	return 0;
}

const char *sim_errname_nth(size_t i)
{
	return i < ARRAY_SIZE(errno_names) ? errno_names[i].name : NULL;
}
