/*
 * The mt8173 M4U and SMI larb hardware models, as the console and the
 * tests look at them: the register file, the TLB, the fault records and
 * the page-table walker.  Drivers never include this; they see registers.
 *
 * Register map (one bank, 32-bit registers, offsets from the M4U base):
 *
 *   0x000 PT_BASE_ADDR     level-1 table address, bits 31:7
 *   0x020 INVALIDATE       W: bit 1 all, bit 0 the range START_A..END_A
 *   0x024 INVLD_START_A    0x028 INVLD_END_A    (IOVA bits 31:12)
 *   0x038 INV_SEL          bits 1:0 pick the TLBs an invalidate reaches
 *   0x048 MISC_CTRL        0x050 DCM_DIS        0x054 WR_LEN_CTRL
 *   0x110 CTRL_REG         bit 6: translation faults go to IVRP_PADDR
 *   0x114 IVRP_PADDR       protect buffer PA >> 1, bit 31: 4 GB mode
 *   0x118 VLD_PA_RNG
 *   0x120 INT_CONTROL0     bit 12 W: clear the fault interrupt
 *   0x124 INT_MAIN_CONTROL bit 0: translation-fault interrupt enable
 *   0x12c CPE_DONE         non-zero once a range invalidate is done
 *   0x134 FAULT_ST1        R: bit 0 translation fault (MMU0)
 *   0x13c MMU0_FAULT_VA    R: VA 31:12 | write << 1 | layer
 *   0x140 MMU0_INVLD_PA    0x144 MMU1_FAULT_VA  0x148 MMU1_INVLD_PA
 *   0x150 MMU0_INT_ID      R: larb << 7 | port << 2
 *   0x154 MMU1_INT_ID
 */
#ifndef SIM_M4U_H
#define SIM_M4U_H

#include <sim/hw.h>
#include <sim/types.h>

#define M4U_REG_PT_BASE_ADDR		0x000
#define M4U_REG_INVALIDATE		0x020
#define M4U_F_INV_RANGE			BIT(0)
#define M4U_F_ALL_INVLD			BIT(1)
#define M4U_REG_INVLD_START_A		0x024
#define M4U_REG_INVLD_END_A		0x028
#define M4U_REG_INV_SEL			0x038
#define M4U_F_INVLD_EN0			BIT(0)
#define M4U_F_INVLD_EN1			BIT(1)
#define M4U_REG_MISC_CTRL		0x048
#define M4U_REG_DCM_DIS			0x050
#define M4U_REG_WR_LEN_CTRL		0x054
#define M4U_REG_CTRL_REG		0x110
#define M4U_F_TF_PROT_TO_PROGRAM_ADDR	(2u << 5)
#define M4U_REG_IVRP_PADDR		0x114
#define M4U_F_IVRP_4GB			BIT(31)
#define M4U_REG_VLD_PA_RNG		0x118
#define M4U_REG_INT_CONTROL0		0x120
#define M4U_F_INT_CLR			BIT(12)
#define M4U_REG_INT_MAIN_CONTROL	0x124
#define M4U_F_INT_TRANSLATION_FAULT	BIT(0)
#define M4U_REG_CPE_DONE		0x12c
#define M4U_REG_FAULT_ST1		0x134
#define M4U_REG_MMU0_FAULT_VA		0x13c
#define M4U_F_FAULT_VA_WRITE		BIT(1)
#define M4U_F_FAULT_VA_LAYER		BIT(0)
#define M4U_REG_MMU0_INVLD_PA		0x140
#define M4U_REG_MMU1_FAULT_VA		0x144
#define M4U_REG_MMU1_INVLD_PA		0x148
#define M4U_REG_MMU0_INT_ID		0x150
#define M4U_REG_MMU1_INT_ID		0x154

/* The protect buffer a redirected faulting access lands in. */
#define M4U_PROTECT_SIZE		256

/* SMI larb: one bit per port, set to send the port through the M4U. */
#define SMI_LARB_REG_MMU_EN		0xf00

/* mt8173's 4 GB mode: M4U outputs from here up alias DRAM at 1 GiB. */
#define M4U_4GB_MODE_REMAP_BASE		0x140000000ULL

extern const struct sim_hw_type sim_m4u_hw_type;
extern const struct sim_hw_type sim_smi_larb_hw_type;

struct m4u_reg_name {
	u32 offset;
	const char *name;
};
extern const struct m4u_reg_name m4u_reg_names[];
extern const size_t m4u_nr_reg_names;

struct m4u_tlb_entry {
	bool valid;
	u32 va;			/* first IOVA the entry maps */
	u32 size;		/* 4 KiB, 64 KiB, 1 MiB or 16 MiB */
	u64 pa;			/* what va maps to, as the bus sees it */
	u64 last_use;		/* for least-recently-used replacement */
};

struct m4u_tlb_stats {
	u64 hits, misses;
	u64 flush_all, flush_range;	/* invalidates the TLB carried out */
	u64 entries_dropped;		/* valid entries they removed */
};

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
