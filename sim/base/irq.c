/*
 * Interrupt lines and their handlers: level-triggered, serviced as soon as
 * they are high and handled, with the kernel's "nobody cared" when a
 * handler leaves its line asserted or disowns it.
 */
#include <stdlib.h>

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
};

/* Handler runs in a row with the line still high before it is disabled. */
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

static void irq_nobody_cared(struct sim *sim, struct sim_irq *desc)
{
	desc->disabled = true;
	sim_printk(sim, "irq %u: nobody cared (try booting with the \"irqpoll\" option)",
		   desc->irq);
	sim_printk(sim, "Disabling IRQ #%u", desc->irq);
	trace_irq_disabled(sim, desc->irq);
}

/* Runs the handler while the line is high; re-entry waits for the loop. */
static void irq_service(struct sim *sim, struct sim_irq *desc)
{
	SIM_ENTER(sim);
	unsigned int runs = 0;

	if (desc->in_handler)
		return;
	desc->in_handler = true;
	while (desc->level && desc->handler && !desc->disabled) {
		irqreturn_t ret;

		desc->count++;
		trace_irq(sim, desc->irq, desc->name);
		ret = desc->handler(desc->irq, desc->dev_id);
		if (ret == IRQ_NONE || ++runs >= SIM_IRQ_STORM_LIMIT)
			irq_nobody_cared(sim, desc);
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
