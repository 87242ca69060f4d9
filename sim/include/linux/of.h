/*
 * The device tree (include/linux/of.h), defined in sim/of.h.  Nodes live
 * as long as their tree, so of_node_get() and of_node_put() count
 * nothing, as in a kernel without CONFIG_OF_DYNAMIC.
 */
#ifndef _LINUX_OF_H
#define _LINUX_OF_H

#include <linux/errno.h>
#include <linux/mod_devicetable.h>
#include <linux/types.h>

#include <sim/of.h>

static inline struct device_node *of_node_get(struct device_node *node)
{
	return node;
}

static inline void of_node_put(struct device_node *node)
{
	(void)node;
}

#define for_each_child_of_node(parent, child)				\
	for ((child) = (parent)->child; (child); (child) = (child)->sibling)

#define for_each_available_child_of_node(parent, child)			\
	for_each_child_of_node(parent, child)				\
		if (!of_device_is_available(child)) {} else

#endif
