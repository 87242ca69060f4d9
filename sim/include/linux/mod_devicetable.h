/*
 * The ID tables drivers match devices with (include/linux/mod_devicetable.h).
 */
#ifndef _LINUX_MOD_DEVICETABLE_H
#define _LINUX_MOD_DEVICETABLE_H

#include <linux/types.h>

/* One device-tree match: a compatible and the driver's data for it. */
struct of_device_id {
	char name[32];
	char type[32];
	char compatible[128];
	const void *data;
};

#endif
