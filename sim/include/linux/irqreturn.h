/* What an interrupt handler returns (include/linux/irqreturn.h). */
#ifndef _LINUX_IRQRETURN_H
#define _LINUX_IRQRETURN_H

#include <sim/irq.h>

#endif
