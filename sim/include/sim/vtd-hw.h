/*
 * The VT-d-like remapping unit's hardware model, as the console and the
 * tests look at it: the register map, the in-memory formats the unit
 * reads (root table, context table, second-level page tables), the fault
 * reasons it records, its IOTLB and its page-table walker.  Drivers never
 * include this for registers; they have their own names for the same bits.
 *
 * Register map (offsets from the unit's base; chapter "Register
 * Descriptions" of the VT-d specification):
 *
 *   0x000 VER     32  R   architecture version, 1.0
 *   0x008 CAP     64  R   capabilities (fields below)
 *   0x010 ECAP    64  R   extended capabilities
 *   0x018 GCMD    32  W   bit 31 TE: translation enable (level),
 *                         bit 30 SRTP: latch RTADDR (one-shot); reads 0
 *   0x01c GSTS    32  R   bit 31 TES, bit 30 RTPS
 *   0x020 RTADDR  64  RW  root table address, bits 63:12 (legacy mode)
 *   0x028 CCMD    64  RW  context-cache invalidation: bit 63 ICC (go,
 *                         cleared when done), 62:61 CIRG (1 global,
 *                         2 domain, 3 device), 60:59 CAIG (done as),
 *                         33:32 FM, 31:16 SID, 15:0 DID
 *   0x034 FSTS    32  RW1C bit 0 PFO (overflow, W1C), bit 1 PPF (some
 *                         record has F set, R), 15:8 FRI (first record)
 *   0x038 FECTL   32  RW  bit 31 IM (mask, set at reset), bit 30 IP (R)
 *   0x0f0 IVA     64  W   page-selective address 63:12, IH 6, AM 5:0
 *   0x0f8 IOTLB   64  RW  bit 63 IVT (go), 61:60 IIRG (1 global,
 *                         2 domain, 3 page), 58:57 IAIG (done as),
 *                         47:32 DID
 *   0x220 FRCD0  128  R/W1C fault record: low quad the faulting page,
 *                         high quad bit 63 F (W1C), bit 62 T (1 read),
 *                         39:32 fault reason, 15:0 source ID
 *
 * 64-bit registers take 64-bit accesses or 32-bit ones to either half;
 * 32-bit registers take 32-bit accesses only.
 */
#ifndef SIM_VTD_HW_H
#define SIM_VTD_HW_H

#include <sim/hw.h>
#include <sim/types.h>

#define VTD_REG_VER		0x000
#define VTD_REG_CAP		0x008
#define VTD_REG_ECAP		0x010
#define VTD_REG_GCMD		0x018
#define VTD_REG_GSTS		0x01c
#define VTD_REG_RTADDR		0x020
#define VTD_REG_CCMD		0x028
#define VTD_REG_FSTS		0x034
#define VTD_REG_FECTL		0x038
#define VTD_REG_IVA		0x0f0	/* ECAP.IRO, QEMU's place */
#define VTD_REG_IOTLB		0x0f8
#define VTD_REG_FRCD		0x220	/* CAP.FRO, QEMU's place */
#define VTD_NR_FRCD		1	/* QEMU's count */
#define VTD_FRCD_SIZE		16

#define VTD_VERSION		0x10	/* 1.0 */

/* CAP */
#define VTD_F_CAP_ND_16BIT	6ULL		/* 2^16 domain IDs */
#define VTD_F_CAP_SAGAW_39	BIT_ULL(9)	/* 3-level tables, AW 1 */
#define VTD_F_CAP_SAGAW_48	BIT_ULL(10)	/* 4-level tables, AW 2 */
#define VTD_F_CAP_MGAW(width)	((u64)((width) - 1) << 16)
#define VTD_F_CAP_FRO(offset)	((u64)((offset) >> 4) << 24)
#define VTD_F_CAP_SLLPS		(BIT_ULL(34) | BIT_ULL(35))	/* 2 MiB, 1 GiB */
#define VTD_F_CAP_PSI		BIT_ULL(39)
#define VTD_F_CAP_NFR(n)	((u64)((n) - 1) << 40)
#define VTD_F_CAP_MAMV(am)	((u64)(am) << 48)
#define VTD_F_CAP_DWD		BIT_ULL(54)
#define VTD_F_CAP_DRD		BIT_ULL(55)
#define VTD_MAMV		18	/* the largest page-selective AM */

/* ECAP */
#define VTD_F_ECAP_PT		BIT_ULL(6)	/* pass-through contexts */
#define VTD_F_ECAP_SC		BIT_ULL(7)	/* snoop control: SNP in leaves */
#define VTD_F_ECAP_IRO(offset)	((u64)((offset) >> 4) << 8)

/* GCMD and GSTS */
#define VTD_F_GCMD_TE		BIT(31)
#define VTD_F_GCMD_SRTP		BIT(30)
#define VTD_F_GCMD_CMDS		GENMASK(31, 23)	/* every command bit */
#define VTD_F_GSTS_TES		BIT(31)
#define VTD_F_GSTS_RTPS		BIT(30)

#define VTD_F_RTADDR_MASK	GENMASK_ULL(63, 12)

/* CCMD */
#define VTD_F_CCMD_ICC		BIT_ULL(63)
#define VTD_F_CCMD_CIRG_SHIFT	61
#define VTD_F_CCMD_CAIG_SHIFT	59
#define VTD_F_CCMD_GRAN_MASK	3ULL
#define VTD_F_CCMD_FM_SHIFT	32
#define VTD_F_CCMD_SID_SHIFT	16
#define VTD_CCMD_GLOBAL		1
#define VTD_CCMD_DOMAIN		2
#define VTD_CCMD_DEVICE		3

/* IVA and IOTLB */
#define VTD_F_IVA_ADDR		GENMASK_ULL(63, 12)
#define VTD_F_IVA_IH		BIT_ULL(6)
#define VTD_F_IVA_AM		GENMASK_ULL(5, 0)
#define VTD_F_IOTLB_IVT		BIT_ULL(63)
#define VTD_F_IOTLB_IIRG_SHIFT	60
#define VTD_F_IOTLB_IAIG_SHIFT	57
#define VTD_F_IOTLB_GRAN_MASK	3ULL
#define VTD_F_IOTLB_DID_SHIFT	32
#define VTD_IOTLB_GLOBAL	1
#define VTD_IOTLB_DOMAIN	2
#define VTD_IOTLB_PAGE		3

/* FSTS, FECTL */
#define VTD_F_FSTS_PFO		BIT(0)
#define VTD_F_FSTS_PPF		BIT(1)
#define VTD_F_FSTS_FRI_SHIFT	8
#define VTD_F_FSTS_FRI		GENMASK(15, 8)
#define VTD_F_FECTL_IM		BIT(31)
#define VTD_F_FECTL_IP		BIT(30)

/* Fault record, high quad */
#define VTD_F_FRCD_F		BIT_ULL(63)
#define VTD_F_FRCD_T		BIT_ULL(62)	/* set: a read */
#define VTD_F_FRCD_FR_SHIFT	32
#define VTD_F_FRCD_SID		GENMASK_ULL(15, 0)

/*
 * Legacy-mode tables in memory, 128-bit entries, low quad first:
 *
 *   root entry (256, indexed by bus)     lo: 63:12 context table, 0 P
 *   context entry (256, by devfn)        lo: 63:12 second-level table,
 *                                            3:2 TT, 0 P
 *                                        hi: 23:8 DID, 2:0 AW
 *
 * TT 0 translates through second-level tables of AW + 2 levels; TT 2 is
 * pass-through (with ECAP.PT); TT 1 (device TLB) and 3 are invalid here.
 */
#define VTD_ENTRY_SIZE		16
#define VTD_F_ROOT_P		BIT_ULL(0)
#define VTD_F_ROOT_CTP		GENMASK_ULL(63, 12)
#define VTD_F_CTX_P		BIT_ULL(0)
#define VTD_F_CTX_TT_SHIFT	2
#define VTD_F_CTX_TT_MASK	3ULL
#define VTD_F_CTX_SLPTPTR	GENMASK_ULL(63, 12)
#define VTD_F_CTX_AW		GENMASK_ULL(2, 0)
#define VTD_F_CTX_DID_SHIFT	8
#define VTD_CTX_TT_MULTI_LEVEL	0
#define VTD_CTX_TT_PASS_THROUGH	2

/*
 * Second-level entries, the format sim/drivers/vtd.h draws: R bit 0,
 * W bit 1, PS bit 7 (2 MiB or 1 GiB leaf), SNP bit 11 (leaves, with
 * ECAP.SC; reserved otherwise), address 51:12.
 */
#define VTD_F_SL_R		BIT_ULL(0)
#define VTD_F_SL_W		BIT_ULL(1)
#define VTD_F_SL_PS		BIT_ULL(7)
#define VTD_F_SL_SNP		BIT_ULL(11)
#define VTD_F_SL_ADDR		GENMASK_ULL(51, 12)

/* Fault reasons (chapter "Translation Faults"; 6.1's dmar.c names them). */
enum vtd_fault_reason {
	VTD_FR_ROOT_NOT_PRESENT = 0x1,
	VTD_FR_CTX_NOT_PRESENT = 0x2,
	VTD_FR_CTX_INVALID = 0x3,
	VTD_FR_BEYOND_MGAW = 0x4,
	VTD_FR_WRITE = 0x5,
	VTD_FR_READ = 0x6,
	VTD_FR_PTE_RESERVED = 0xc,
};

extern const struct sim_hw_type sim_vtd_hw_type;

struct vtd_reg_name {
	u32 offset;
	const char *name;
};
extern const struct vtd_reg_name vtd_reg_names[];
extern const size_t vtd_nr_reg_names;

struct vtd_iotlb_entry {
	bool valid;
	u16 did;		/* the domain the entry belongs to */
	u64 iova;		/* first IOVA the entry maps */
	u64 size;		/* 4 KiB, 2 MiB or 1 GiB */
	u64 pa;
	bool read, write;	/* what the walk allowed */
	u64 last_use;		/* for least-recently-used replacement */
};

struct vtd_iotlb_stats {
	u64 hits, misses;
	u64 inv_global, inv_domain, inv_page;	/* invalidations carried out */
	u64 entries_dropped;			/* valid entries they removed */
};

struct vtd_fault_stats {
	u64 faults;		/* translation faults */
	u64 recorded;		/* written to a fault record */
	u64 collapsed;		/* same source ID as a pending record */
	u64 overflowed;		/* no free record: PFO */
};

/*
 * The model at @hw (of sim_vtd_hw_type).  Peeking a register has no side
 * effect; write-only registers peek as what was last written.
 */
u64 sim_vtd_reg_peek(struct sim_hw *hw, u32 offset);
unsigned int sim_vtd_iotlb_size(struct sim_hw *hw);
const struct vtd_iotlb_entry *sim_vtd_iotlb_entry(struct sim_hw *hw, unsigned int i);
const struct vtd_iotlb_stats *sim_vtd_iotlb_stats(struct sim_hw *hw);
const struct vtd_fault_stats *sim_vtd_fault_stats(struct sim_hw *hw);

/*
 * The hardware walk of @iova through the second-level table at @table of
 * @levels levels, read from simulated memory.  An entry is present when
 * R or W is set; address bits from @haw up, SNP without @snoop, SNP in a
 * non-leaf or PS above level 3 make it "reserved" and end the walk.
 * Step types: "table", "4K", "2M", "1G", "fault" (not present),
 * "reserved".  Fills @walk (see sim/pgtable-walk.h).
 */
struct sim_mem;
struct sim_pgtable_walk;
void vtd_sl_walk(struct sim_mem *mem, phys_addr_t table, unsigned int levels,
		 unsigned int haw, bool snoop, u64 iova, struct sim_pgtable_walk *walk);

#endif
