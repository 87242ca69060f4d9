/*
 * What a VFIO bus driver calls (include/linux/vfio.h), defined in
 * sim/vfio.h: the simulator's vfio_device is the device itself.
 */
#ifndef _SIM_LINUX_VFIO_H
#define _SIM_LINUX_VFIO_H

#include <linux/device.h>

#include <sim/vfio.h>

#endif
