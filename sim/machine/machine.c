/*
 * Making and freeing a simulated machine: the top layer, which owns its
 * memory and tears its board down; every layer below keeps its state in
 * the struct sim this makes.
 */
#include <stdlib.h>

#include <sim/board.h>
#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/iommu.h>
#include <sim/mem.h>
#include <sim/sim.h>

#include "machine.h"

/*
 * Debian 12's kernel: lazy invalidation, translated DMA, 10 s timeout;
 * VFIO's module parameters at their defaults.
 */
static const struct sim_params default_params = {
	.iommu_passthrough = false,
	.iommu_strict = false,
	.deferred_probe_timeout = 10,
	.m4u_tlb_entries = 32,
	.vfio_allow_unsafe_interrupts = false,
	.vfio_platform_reset_required = true,
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
	INIT_LIST_HEAD(&sim->vfio_stale_files);
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
	sim->iommu_of_table = sim_builtin_iommu_drivers;
	iommu_subsys_init(sim);
	machine_hw_connect_init(sim);
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
