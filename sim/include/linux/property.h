/*
 * Device properties (include/linux/property.h): a device's firmware node,
 * which for the simulator's devices is always their device-tree node's.
 */
#ifndef _LINUX_PROPERTY_H
#define _LINUX_PROPERTY_H

#include <linux/device.h>
#include <linux/of.h>

/* The handle of @dev's firmware node, or NULL when it has none. */
#define dev_fwnode(dev)	of_fwnode_handle((dev)->of_node)

#endif
