/*
 * One page-table walk as the hardware does it, level by level, for the
 * console's `pgtable` and the tests: each descriptor read, where from,
 * what it was, and where the walk ended.  Kernel types only: the M4U
 * model's core fills it in kernel-lab's module too.
 */
#ifndef SIM_PGTABLE_WALK_H
#define SIM_PGTABLE_WALK_H

#include <linux/types.h>

#define SIM_WALK_MAX_LEVELS	5

struct sim_pgtable_walk_step {
	unsigned int level;	/* 1 = the table the walk starts from */
	phys_addr_t desc_pa;	/* where the descriptor was read */
	u64 desc;
	const char *type;	/* "table", "section", "small", "fault", ... */
};

struct sim_pgtable_walk {
	unsigned int nr_steps;
	struct sim_pgtable_walk_step step[SIM_WALK_MAX_LEVELS];
	bool mapped;
	phys_addr_t pa;		/* @iova's address when mapped */
	/*
	 * The naturally aligned block around the IOVA the last descriptor
	 * decides: a leaf's page, or the span a fault entry leaves unmapped.
	 */
	u64 block_size;
};

#endif
