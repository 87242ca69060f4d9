/*
 * Interrupt lines and their handlers: level-triggered, serviced as soon as
 * they are high and handled.  A handler that disowns its interrupts
 * (IRQ_NONE) gets 6.1's spurious-interrupt accounting (note_interrupt()),
 * "nobody cared" and the line disabled; one that says IRQ_HANDLED but
 * leaves its line asserted would run for ever on 6.1, and the simulator
 * stops that storm with a report of its own.
 */
#include <stdlib.h>

#include <sim/clock.h>
#include <sim/current.h>
#include <sim/errno.h>
#include <sim/irq.h>
#include <sim/printk.h>
#include <sim/sim.h>
#include <sim/slab.h>

struct sim_irq {
	struct list_head node;		/* sim->irqs */
	unsigned int irq;
	irq_handler_t handler;		/* NULL: nobody attached */
	void *dev_id;
	const char *name;
	bool level;
	bool disabled;			/* by the spurious-interrupt check */
	bool in_handler;
	u64 count;
	/* note_interrupt()'s accounting, from the first unhandled interrupt on */
	unsigned int irq_count;		/* interrupts in the current sample */
	unsigned int irqs_unhandled;	/* IRQ_NONE among them */
	u64 last_unhandled;		/* virtual time of the last IRQ_NONE */
};

/*
 * 6.1's note_interrupt() (kernel/irq/spurious.c): it samples 100000
 * interrupts from the first unhandled one, and more than 99900 of them
 * unhandled is a stuck line.  An unhandled interrupt more than HZ/10
 * after the last one starts the count again at 1, so that the odd
 * spurious interrupt never adds up.
 */
#define SIM_IRQ_SAMPLE		100000
#define SIM_IRQ_STUCK		99900
#define SIM_IRQ_UNHANDLED_GAP	(100 * NSEC_PER_MSEC)
/*
 * Handled runs in a row with the line still high before the simulator
 * disables it.  6.1 has no such limit: the handler said IRQ_HANDLED, so
 * note_interrupt() counts nothing, and the CPU takes the interrupt again
 * the moment it returns, for ever.  A simulation must end.
 */
#define SIM_IRQ_STORM_LIMIT	1000

static struct sim_irq *irq_find(struct sim *sim, unsigned int irq, bool create)
{
	struct sim_irq *desc;

	list_for_each_entry(desc, &sim->irqs, node)
		if (desc->irq == irq)
			return desc;
	if (!create)
		return NULL;
	desc = kzalloc(sizeof(*desc), GFP_KERNEL);
	if (!desc)
		return NULL;
	desc->irq = irq;
	list_add_tail(&desc->node, &sim->irqs);
	return desc;
}

static void irq_disable_line(struct sim *sim, struct sim_irq *desc)
{
	desc->disabled = true;
	trace_irq_disabled(sim, desc->irq);
}

/* note_interrupt() after each run: true when it disabled the line. */
static bool irq_note(struct sim *sim, struct sim_irq *desc, irqreturn_t ret)
{
	if (ret == IRQ_NONE) {
		if (sim_now(sim) > desc->last_unhandled + SIM_IRQ_UNHANDLED_GAP)
			desc->irqs_unhandled = 1;
		else
			desc->irqs_unhandled++;
		desc->last_unhandled = sim_now(sim);
	}
	if (!desc->irqs_unhandled || ++desc->irq_count < SIM_IRQ_SAMPLE)
		return false;
	desc->irq_count = 0;
	if (desc->irqs_unhandled > SIM_IRQ_STUCK) {
		desc->irqs_unhandled = 0;
		sim_printk(sim, "irq %u: nobody cared (try booting with the \"irqpoll\" option)",
			   desc->irq);
		sim_printk(sim, "Disabling IRQ #%u", desc->irq);
		irq_disable_line(sim, desc);
		return true;
	}
	desc->irqs_unhandled = 0;
	return false;
}

/* Runs the handler while the line is high; re-entry waits for the loop. */
static void irq_service(struct sim *sim, struct sim_irq *desc)
{
	SIM_ENTER(sim);
	unsigned int storm = 0;

	if (desc->in_handler)
		return;
	desc->in_handler = true;
	while (desc->level && desc->handler && !desc->disabled) {
		irqreturn_t ret;

		desc->count++;
		trace_irq(sim, desc->irq, desc->name);
		ret = desc->handler(desc->irq, desc->dev_id);
		if (irq_note(sim, desc, ret))
			break;
		storm = ret == IRQ_HANDLED && desc->level ? storm + 1 : 0;
		if (storm >= SIM_IRQ_STORM_LIMIT) {
			sim_printk(sim, "irq %u: storm: handled %u times in a row with the line still asserted; "
				   "the simulator disables it (Linux would run the handler for ever)",
				   desc->irq, storm);
			irq_disable_line(sim, desc);
		}
	}
	desc->in_handler = false;
}

int sim_irq_attach(struct sim *sim, unsigned int irq, irq_handler_t handler,
		   const char *name, void *dev_id)
{
	struct sim_irq *desc;

	if (irq >= SIM_NR_IRQS || !handler)
		return -EINVAL;
	desc = irq_find(sim, irq, true);
	if (!desc)
		return -ENOMEM;
	if (desc->handler)
		return -EBUSY;
	desc->handler = handler;
	desc->dev_id = dev_id;
	desc->name = name;
	desc->disabled = false;
	/* __setup_irq(): a new handler starts the broken-irq detection afresh */
	desc->irq_count = 0;
	desc->irqs_unhandled = 0;
	irq_service(sim, desc);
	return 0;
}

void sim_irq_detach(struct sim *sim, unsigned int irq, void *dev_id)
{
	struct sim_irq *desc = irq_find(sim, irq, false);

	if (desc && desc->handler && desc->dev_id == dev_id) {
		desc->handler = NULL;
		desc->dev_id = NULL;
	}
}

void sim_irq_set_level(struct sim *sim, unsigned int irq, bool level)
{
	struct sim_irq *desc;

	if (irq >= SIM_NR_IRQS)
		return;
	desc = irq_find(sim, irq, true);
	if (!desc)
		return;
	desc->level = level;
	if (!sim->irq_hold)
		irq_service(sim, desc);
}

void sim_irq_hold(struct sim *sim)
{
	sim->irq_hold++;
}

void sim_irq_release(struct sim *sim)
{
	struct sim_irq *desc;

	if (!sim->irq_hold || --sim->irq_hold)
		return;
	/* Every line still high now gets its handler, lowest line first added. */
	list_for_each_entry(desc, &sim->irqs, node)
		if (desc->level)
			irq_service(sim, desc);
}

u64 sim_irq_count(struct sim *sim, unsigned int irq)
{
	struct sim_irq *desc = irq_find(sim, irq, false);

	return desc ? desc->count : 0;
}

void sim_irq_teardown(struct sim *sim)
{
	while (!list_empty(&sim->irqs)) {
		struct sim_irq *desc = list_first_entry(&sim->irqs, struct sim_irq, node);

		list_del(&desc->node);
		free(desc);
	}
}
