/*
 * Resources (include/linux/ioport.h): the address ranges and interrupts a
 * platform device has, as platform_get_resource() hands them out.
 */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>

struct resource {
	resource_size_t start;
	resource_size_t end;		/* inclusive */
	const char *name;
	unsigned long flags;
};

#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_IRQ		0x00000400

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

#endif
