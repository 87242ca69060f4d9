/* Platform devices made from nodes (include/linux/of_platform.h). */
#ifndef _LINUX_OF_PLATFORM_H
#define _LINUX_OF_PLATFORM_H

#include <linux/of_device.h>
#include <linux/platform_device.h>

/*
 * The platform device made for @np, with a reference the caller drops
 * (put_device()), or NULL.
 */
struct platform_device *of_find_device_by_node(struct device_node *np);

#endif
