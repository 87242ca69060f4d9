/*
 * The IOMMU core's driver API (include/linux/iommu.h), defined in
 * sim/iommu.h.
 */
#ifndef _SIM_LINUX_IOMMU_H
#define _SIM_LINUX_IOMMU_H

#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/types.h>

#include <sim/iommu.h>

#endif
