/*
 * The mt8173 M4U and SMI larb models' core: what the hardware does, apart
 * from the machine it runs in.  The register file (reads, writes, the
 * INVALIDATE and INT_CONTROL0 pulses, CPE_DONE), the TLB, the page-table
 * walker, the fault latch, and where an access through a larb port lands.
 *
 * The same sources (sim/hw/m4u_core.c, m4u_tlb.c, m4u_walk.c,
 * smi_larb_core.c) build into the simulator and, unchanged, into
 * kernel-lab's module: they use kernel types and calls only, allocate
 * nothing, and reach the rest of the world through their host's
 * struct m4u_host_ops.  The simulator's host (sim/hw/m4u.c, smi_larb.c)
 * reads the device tree, maps the registers, drives a simulated
 * interrupt and keeps the fault records; kernel-lab's
 * (kernel-lab/lab_m4u_model.c) backs them with kernel memory and a real
 * Linux interrupt.
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
 *   0x12c CPE_DONE         non-zero once a range invalidate is done (a lost
 *                          one never is: m4u_host_ops.range_lost)
 *   0x134 FAULT_ST1        R: bit 0 translation fault (MMU0)
 *   0x13c MMU0_FAULT_VA    R: VA 31:12 | write << 1 | layer
 *   0x140 MMU0_INVLD_PA    0x144 MMU1_FAULT_VA  0x148 MMU1_INVLD_PA
 *   0x150 MMU0_INT_ID      R: larb << 7 | port << 2
 *   0x154 MMU1_INT_ID
 */
#ifndef SIM_M4U_CORE_H
#define SIM_M4U_CORE_H

#include <linux/bits.h>
#include <linux/types.h>

#include <sim/dma-xlate.h>
#include <sim/pgtable-walk.h>

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

/* An "iommus" cell, as mt8173's binding has it: larb << 5 | port. */
#define M4U_ID_TO_LARB(id)		(((id) >> 5) & 0x1f)
#define M4U_ID_TO_PORT(id)		((id) & 0x1f)

struct sim;

/*
 * What the models need of the machine they run in.  @host is the host's
 * own pointer, given back to each call.
 */
struct m4u_host_ops {
	/* The little-endian 32-bit word of memory at @pa (a descriptor). */
	u32 (*read32)(void *host, phys_addr_t pa);
	/* Drives the M4U's interrupt line; called only when it has one. */
	void (*set_irq)(void *host, bool level);
	/* Larb @larb's MMU_EN bits in *@mmu_en; false if the M4U has no larb @larb. */
	bool (*larb_mmu_en)(void *host, unsigned int larb, u32 *mmu_en);
	/*
	 * A translation fault of @master's access, with the FAULT_VA and
	 * INT_ID values it has (latched or not: only the first is) and
	 * whether it raises the interrupt.  NULL: the host keeps no record.
	 */
	void (*fault)(void *host, const char *master, u32 fault_va, u32 int_id, bool irq);
	/* A guest error of model @who (QEMU's LOG_GUEST_ERROR), in words. */
	void (*guest_error)(void *host, const char *who, const char *msg);
	/*
	 * Whether the range invalidate just commanded is lost: it never
	 * completes (CPE_DONE stays as it was) and the TLB keeps the range.
	 * The simulator's fault injection; NULL: never.
	 */
	bool (*range_lost)(void *host);
};

/* Model @who's guest error, its message formatted as snprintf() does. */
#define M4U_GUEST_ERROR_MAX	160
#define m4u_guest_error(ops, host, who, fmt, ...)				\
	do {									\
		char __msg[M4U_GUEST_ERROR_MAX];				\
										\
		snprintf(__msg, sizeof(__msg), fmt, __VA_ARGS__);		\
		(ops)->guest_error(host, who, __msg);				\
	} while (0)

/*
 * One of <trace/events/iommu_lab.h>'s helpers, trace_@event: the
 * simulator's take the machine @sim first, a kernel module's no machine.
 */
#ifdef __KERNEL__
#define M4U_TRACE(sim, event, ...)	trace_##event(__VA_ARGS__)
#else
#define M4U_TRACE(sim, event, ...)	trace_##event(sim, __VA_ARGS__)
#endif

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

/* A fully associative TLB with least-recently-used replacement. */
struct m4u_tlb {
	struct m4u_tlb_entry *entry;	/* the host's array */
	unsigned int size;
	u64 clock;			/* use stamps */
	struct m4u_tlb_stats stats;
};

/*
 * An empty TLB over the host's @entry, @size (at least 1) zeroed entries;
 * the host frees them after the model.
 */
void m4u_tlb_init(struct m4u_tlb *tlb, struct m4u_tlb_entry *entry, unsigned int size);
/* The valid entry that maps @va, marked used; NULL on a miss. */
const struct m4u_tlb_entry *m4u_tlb_lookup(struct m4u_tlb *tlb, u32 va);
/* Caches a walk's result, replacing an empty or the least recently used entry. */
void m4u_tlb_insert(struct m4u_tlb *tlb, u32 va, u32 size, u64 pa);
/* Drops the entries that map any IOVA in [@start, @end]. */
void m4u_tlb_invalidate_range(struct m4u_tlb *tlb, u32 start, u32 end);
void m4u_tlb_invalidate_all(struct m4u_tlb *tlb);

/*
 * The hardware walk of @iova through the level-1 table at @ttbr, each
 * descriptor read with @read32(@host, pa).  Fills @walk.
 */
void m4u_walk_table(u32 (*read32)(void *host, phys_addr_t pa), void *host,
		    u32 ttbr, u32 iova, struct sim_pgtable_walk *walk);

/*
 * An M4U.  The host fills the first block (the registers start at 0) and
 * then gives the TLB its entries with m4u_tlb_init().
 */
struct m4u_core {
	const char *name;		/* in traces and guest errors */
	struct sim *sim;		/* the machine traced to; unused in a module */
	const struct m4u_host_ops *ops;
	void *host;
	bool has_irq;			/* an interrupt line is wired */
	bool four_gb;			/* DRAM past 4 GiB: outputs alias it back */

	u32 pt_base, inv_sel, invld_start, invld_end;
	u32 misc_ctrl, dcm_dis, wr_len_ctrl;
	u32 ctrl_reg, ivrp_paddr, vld_pa_rng;
	u32 int_control0, int_main_control, cpe_done;
	u32 fault_st1, fault_va[2], invld_pa[2], int_id[2];

	struct m4u_tlb tlb;
};

/*
 * A CPU access to the register at @offset.  An unknown register is a
 * guest error: reads give all ones, writes are dropped.
 */
u32 m4u_reg_read(struct m4u_core *m, u64 offset);
void m4u_reg_write(struct m4u_core *m, u64 offset, u64 value);
/* The register's value, for a reader that changes nothing: 0 if write-only or unknown. */
u32 m4u_reg_peek(struct m4u_core *m, u64 offset);

/*
 * Where @master's access at @addr through port @id (larb << 5 | port)
 * lands: the page of it one TLB entry, walk or larb verdict covers.  A
 * port whose MMU_EN bit is clear bypasses the M4U; a translation fault
 * latches the fault registers and raises the interrupt if it is enabled.
 */
void m4u_translate(struct m4u_core *m, const char *master, u32 id, u64 addr,
		   bool write, struct sim_dma_xlate *out);

/* An SMI larb: its one register, MMU_EN.  The host fills all but @mmu_en. */
struct smi_larb_core {
	const char *name;		/* in traces and guest errors */
	struct sim *sim;		/* the machine traced to; unused in a module */
	const struct m4u_host_ops *ops;	/* guest_error only */
	void *host;
	u32 mmu_en;			/* bit N: port N goes through the M4U */
};

u32 smi_larb_reg_read(struct smi_larb_core *larb, u64 offset);
void smi_larb_reg_write(struct smi_larb_core *larb, u64 offset, u64 value);

#endif
