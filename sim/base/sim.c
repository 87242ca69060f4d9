/*
 * Making and freeing a simulated machine, and the era names.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/mem.h>
#include <sim/sim.h>

static const char *const era_names[ERA_COUNT] = {
	[ERA_V4_4] = "v4.4",
	[ERA_V4_12] = "v4.12",
	[ERA_V5_19] = "v5.19",
	[ERA_V6_1] = "v6.1",
	[ERA_V6_2] = "v6.2",
};

/* Debian 12's kernel: lazy invalidation, translated DMA, 10 s timeout. */
static const struct sim_params default_params = {
	.iommu_passthrough = false,
	.iommu_strict = false,
	.deferred_probe_timeout = 10,
	.m4u_tlb_entries = 32,
};

struct sim *sim_new(void)
{
	struct sim *sim = calloc(1, sizeof(*sim));

	if (!sim)
		return NULL;
	INIT_LIST_HEAD(&sim->trace.listeners);
	INIT_LIST_HEAD(&sim->timers);
	INIT_LIST_HEAD(&sim->devices);
	INIT_LIST_HEAD(&sim->drivers);
	INIT_LIST_HEAD(&sim->links);
	INIT_LIST_HEAD(&sim->dd.pending);
	INIT_LIST_HEAD(&sim->dd.active);
	INIT_LIST_HEAD(&sim->iommus);
	INIT_LIST_HEAD(&sim->groups);
	INIT_LIST_HEAD(&sim->domains);
	INIT_LIST_HEAD(&sim->domain_quarantine);
	INIT_LIST_HEAD(&sim->vfio_containers);
	INIT_LIST_HEAD(&sim->hw);
	INIT_LIST_HEAD(&sim->mmio);
	INIT_LIST_HEAD(&sim->irqs);
	INIT_LIST_HEAD(&sim->fault.injects);
	sim->mem = sim_mem_new();
	if (!sim->mem) {
		free(sim);
		return NULL;
	}
	sim->trace.enabled = true;
	sim->era = ERA_V6_1;
	sim->params = default_params;
	sim->boot_params = default_params;
	return sim;
}

void sim_free(struct sim *sim)
{
	struct sim *prev;

	if (!sim)
		return;
	prev = sim_enter(sim);
	sim_board_teardown(sim);
	/* A freed machine is never current again. */
	sim_enter(prev == sim ? NULL : prev);
	/* The listeners are their owners': let go, so that unregistering stays safe. */
	while (!list_empty(&sim->trace.listeners))
		list_del_init(sim->trace.listeners.next);
	sim_mem_free(sim->mem);
	sim_trace_clear(sim);
	sim_klog_clear(sim);
	sim_inject_clear(sim);
	free(sim->trace.ev);
	free(sim);
}

const char *sim_era_name(enum sim_era era)
{
	return era < ERA_COUNT ? era_names[era] : "?";
}

int sim_era_from_name(const char *name)
{
	for (int i = 0; i < ERA_COUNT; i++)
		if (!strcmp(era_names[i], name))
			return i;
	return -EINVAL;
}
