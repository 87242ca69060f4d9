/*
 * The mt8173 M4U and SMI larb hardware models in the simulator, as the
 * console and the tests look at them: the register file, the TLB, the
 * fault records and the page-table walker.  Drivers never include this;
 * they see registers.  The register map and the models' core, which
 * kernel-lab's module builds too, are in sim/m4u-core.h.
 */
#ifndef SIM_M4U_H
#define SIM_M4U_H

#include <sim/hw.h>
#include <sim/m4u-core.h>
#include <sim/types.h>

extern const struct sim_hw_type sim_m4u_hw_type;
extern const struct sim_hw_type sim_smi_larb_hw_type;

struct m4u_reg_name {
	u32 offset;
	const char *name;
};
extern const struct m4u_reg_name m4u_reg_names[];
extern const size_t m4u_nr_reg_names;

/* One translation fault as the hardware latched it. */
struct m4u_fault_record {
	u64 time;		/* virtual ns */
	char master[32];	/* the device that made the access */
	u32 fault_st1, fault_va, invld_pa, int_id;
	bool irq;		/* the interrupt was enabled and raised */
};

/* The M4U model at @hw (of sim_m4u_hw_type). */
u32 sim_m4u_reg_peek(struct sim_hw *hw, u32 offset);
unsigned int sim_m4u_tlb_size(struct sim_hw *hw);
const struct m4u_tlb_entry *sim_m4u_tlb_entry(struct sim_hw *hw, unsigned int i);
const struct m4u_tlb_stats *sim_m4u_tlb_stats(struct sim_hw *hw);
size_t sim_m4u_fault_count(struct sim_hw *hw);
const struct m4u_fault_record *sim_m4u_fault(struct sim_hw *hw, size_t i);
/* The larb id of each of the M4U's larbs, in "mediatek,larbs" order. */
struct sim_hw *sim_m4u_larb(struct sim_hw *hw, unsigned int larb_id);
u32 sim_smi_larb_mmu_en(struct sim_hw *larb);

/*
 * The hardware walk of @iova through the level-1 table at @ttbr, read
 * from simulated memory.  Fills @walk (see sim/pgtable-walk.h).
 */
struct sim_mem;
struct sim_pgtable_walk;
void m4u_pgtable_walk(struct sim_mem *mem, u32 ttbr, u32 iova,
		      struct sim_pgtable_walk *walk);

#endif
