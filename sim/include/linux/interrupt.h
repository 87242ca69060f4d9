/*
 * Interrupt handlers (include/linux/interrupt.h): devm_request_irq() and
 * devm_free_irq(), defined in sim/irq.h.
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/device.h>
#include <linux/irqreturn.h>

#include <sim/irq.h>

#endif
