/*
 * The boot memory map (include/linux/memblock.h): max_pfn, one past the
 * highest page frame of RAM, of the current machine (0 with none).
 */
#ifndef _LINUX_MEMBLOCK_H
#define _LINUX_MEMBLOCK_H

#include <linux/mm.h>

unsigned long sim_max_pfn(void);
#define max_pfn		sim_max_pfn()

#endif
