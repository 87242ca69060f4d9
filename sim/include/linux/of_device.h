/* Matching a device's node (include/linux/of_device.h). */
#ifndef _LINUX_OF_DEVICE_H
#define _LINUX_OF_DEVICE_H

#include <linux/device.h>
#include <linux/of.h>

/* The .data of the driver's of_device_id that matched @dev, or NULL. */
const void *of_device_get_match_data(const struct device *dev);

#endif
