/*
 * Interrupt handlers (include/linux/interrupt.h): devm_request_irq() and
 * devm_free_irq(), declared in sim/device.h and defined with the rest of
 * devres in sim/core/devres.c.
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/device.h>
#include <linux/irqreturn.h>

#include <sim/irq.h>

#endif
