/*
 * Page-table formats for IOMMU drivers (include/linux/io-pgtable.h),
 * defined in sim/io-pgtable.h.
 */
#ifndef _LINUX_IO_PGTABLE_H
#define _LINUX_IO_PGTABLE_H

#include <linux/bitops.h>

#include <sim/io-pgtable.h>

#endif
