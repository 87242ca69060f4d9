/*
 * Interrupt lines.  Device models drive level-triggered lines; drivers
 * attach handlers with devm_request_irq() (sim/device.h).  A line that is high while a
 * handler is attached and enabled is serviced at once, so interrupts are
 * taken in a fixed order and every run is the same.
 */
#ifndef SIM_IRQ_H
#define SIM_IRQ_H

#include <sim/list.h>
#include <sim/types.h>

struct sim;

typedef enum irqreturn {
	IRQ_NONE,
	IRQ_HANDLED,
} irqreturn_t;

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

/* GIC shared peripheral interrupts start at hardware number 32. */
#define SIM_GIC_SPI_BASE	32
/* Lines 0 to SIM_NR_IRQS - 1 exist. */
#define SIM_NR_IRQS		1024

/*
 * Attaches @handler to line @irq of @sim, one handler a line, and runs it
 * at once if the line is high.  Returns 0, -EBUSY if the line has one,
 * -EINVAL for a bad line, -ENOMEM.
 */
int sim_irq_attach(struct sim *sim, unsigned int irq, irq_handler_t handler,
		   const char *name, void *dev_id);
/* Detaches the handler attached with @dev_id, if it is still there. */
void sim_irq_detach(struct sim *sim, unsigned int irq, void *dev_id);

/*
 * Sets line @irq high or low.  While it is high and has an enabled
 * handler, the handler runs.  Handlers that say IRQ_NONE get 6.1's
 * spurious-interrupt accounting: more than 99900 of 100000 interrupts
 * unhandled is "nobody cared", and the line disabled.  A handler that
 * says IRQ_HANDLED but leaves the line high runs again at once, as on
 * 6.1, until the simulator stops the storm after 1000 runs in a row and
 * disables the line (6.1 would go on for ever).
 */
void sim_irq_set_level(struct sim *sim, unsigned int irq, bool level);
/*
 * Holds interrupt delivery while a device's access runs: a line raised
 * meanwhile is serviced at the release, as QEMU's vCPU takes an interrupt
 * only once the device model's callback has returned.  Nests.
 */
void sim_irq_hold(struct sim *sim);
void sim_irq_release(struct sim *sim);

/* Times the handler of line @irq ran. */
u64 sim_irq_count(struct sim *sim, unsigned int irq);
/* Forgets every line (board teardown). */
void sim_irq_teardown(struct sim *sim);

#endif
