/*
 * Register access (include/linux/io.h): readl(), writel() and friends on
 * an ioremap() cookie, defined in sim/io.h, and ioremap() itself, which
 * maps into the current machine.
 */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/compiler.h>
#include <linux/types.h>

#include <sim/io.h>

/* sim_ioremap() of the current machine; NULL with none. */
void __iomem *ioremap(phys_addr_t offset, size_t size);

#endif
