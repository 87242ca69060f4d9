/*
 * The DMA API (include/linux/dma-mapping.h), defined in
 * sim/dma-mapping.h.
 */
#ifndef _LINUX_DMA_MAPPING_H
#define _LINUX_DMA_MAPPING_H

#include <linux/device.h>

#include <sim/dma-mapping.h>

#endif
