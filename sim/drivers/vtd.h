/*
 * The VT-d-like IOMMU driver's private header (drivers/iommu/intel/iommu.h
 * in spirit): the DMAR unit, the domain, the per-device info, the callbacks
 * each file provides, and the second-level page-table format they share.
 *
 * Every callback a lab may ask for lives in a file of its own
 * (vtd_attach_dev.c, vtd_domain_alloc.c, ...); the helpers declared here
 * are what a student's version of one of those files may call.
 */
#ifndef SIM_DRIVERS_VTD_H
#define SIM_DRIVERS_VTD_H

#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/types.h>
#include <trace/events/iommu_lab.h>

#include <lab_compat.h>

/*
 * Second-level page-table entries, 64 bits, 512 to a 4 KiB table.  An entry
 * is present when R or W is set; PS marks a 2 MiB (level 2) or 1 GiB
 * (level 3) leaf; a table entry carries R|W and the next table's address.
 *
 *   63      52 51                    12 11  10..8  7   6..2  1   0
 *  +----------+------------------------+---+------+----+-----+---+---+
 *  |  ignored |  address (page or table) |SNP|      | PS |     | W | R |
 *  +----------+------------------------+---+------+----+-----+---+---+
 *
 * An IOVA is split 9 bits per level above the 12-bit page offset:
 * level 1 indexes bits 20:12, level 2 bits 29:21, level 3 bits 38:30,
 * level 4 bits 47:39, level 5 bits 56:48.
 */
#define VTD_PTE_R		BIT_ULL(0)
#define VTD_PTE_W		BIT_ULL(1)
#define VTD_PTE_PS		BIT_ULL(7)
#define VTD_PTE_SNP		BIT_ULL(11)
#define VTD_PTE_ADDR_MASK	GENMASK_ULL(51, 12)

#define VTD_PAGE_SHIFT		12
#define VTD_PAGE_SIZE		(1ULL << VTD_PAGE_SHIFT)
#define VTD_LEVEL_STRIDE	9
#define VTD_PTES_PER_TABLE	512
#define VTD_MIN_LEVELS		3		/* 39-bit */

/* Bytes one entry at @level maps: 4 KiB, 2 MiB, 1 GiB, 512 GiB, ... */
static inline u64 vtd_level_size(unsigned int level)
{
	return VTD_PAGE_SIZE << (VTD_LEVEL_STRIDE * (level - 1));
}

/* Address width of a table with @levels levels: 39, 48 or 57 bits. */
static inline unsigned int vtd_levels_to_width(unsigned int levels)
{
	return VTD_PAGE_SHIFT + VTD_LEVEL_STRIDE * levels;
}

/* Levels needed for @width bits (6.1's width_to_agaw() + 2). */
static inline unsigned int vtd_width_to_levels(unsigned int width)
{
	return (width - VTD_PAGE_SHIFT + VTD_LEVEL_STRIDE - 1) / VTD_LEVEL_STRIDE;
}

/*
 * An entry of a table the unit reads from memory, at physical address
 * @pa: the tables are pages of RAM (alloc_pages()), read and written in
 * place through the kernel's linear map.
 */
static inline u64 vtd_read64(phys_addr_t pa)
{
	return *(u64 *)phys_to_virt(pa);
}

static inline void vtd_write64(phys_addr_t pa, u64 val)
{
	*(u64 *)phys_to_virt(pa) = val;
}

/* A zeroed 4 KiB table; 0 or -ENOMEM.  (A macro, so that fail-nth names the caller.) */
#define vtd_table_alloc(pa) ({						\
	struct page *__pg = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);	\
	if (__pg)							\
		*(pa) = page_to_phys(__pg);				\
	__pg ? 0 : -ENOMEM;						\
})

static inline void vtd_table_free(phys_addr_t pa)
{
	__free_pages(pfn_to_page(PHYS_PFN(pa)), 0);
}

/* One domain's second-level tables, in pages of RAM. */
struct vtd_pgtable {
	phys_addr_t root;		/* valid when has_root */
	bool has_root;
	unsigned int levels;		/* 3, 4 or 5 */
};

/* An empty table description of @levels levels; no memory yet. */
void vtd_pgtable_init(struct vtd_pgtable *pgt, unsigned int levels);
/*
 * Allocates the top-level table if there is none yet.  Returns 0 or
 * -ENOMEM.
 */
int vtd_pgtable_alloc_root(struct vtd_pgtable *pgt);
/*
 * Maps one page of @pgsize (4 KiB, 2 MiB or 1 GiB) at @iova to @pa with
 * @attr (VTD_PTE_R, _W, _SNP), allocating tables on the way.  An empty
 * table where a superpage goes is freed first.  Returns 0, -EINVAL for a
 * bad size, alignment or attr, -ERANGE beyond the table's reach, -EEXIST
 * if anything is mapped there already, -ENOMEM.
 */
int vtd_pgtable_map(struct vtd_pgtable *pgt, u64 iova, phys_addr_t pa,
		    size_t pgsize, u64 attr);
/*
 * Clears the leaves in [@iova, @iova + @size), freeing the tables the
 * range covers whole; a leaf the range covers only in part goes whole.
 * When the leaf at @iova is bigger than @size, that leaf is what is
 * unmapped (6.1's intel_iommu_unmap()).  Returns the bytes unmapped: @size
 * or the leaf's size, 0 when nothing is mapped at @iova.
 */
size_t vtd_pgtable_unmap(struct vtd_pgtable *pgt, u64 iova, size_t size);
/*
 * Clears the leaves in [@iova, @iova + @size) as vtd_pgtable_unmap() does,
 * @iova and @size as given (no widening to a leaf).
 */
void vtd_pgtable_clear(struct vtd_pgtable *pgt, u64 iova, u64 size);
/*
 * The level at which 6.1's pfn_to_dma_pte() with target level 0 stops for
 * @iova: that of the leaf (*@leaf true) or of the first non-present entry
 * (*@leaf false).  With no table yet, the top level: 6.1's domain has its
 * empty top-level table from allocation on.  0 beyond the table's width.
 */
unsigned int vtd_pgtable_stop_level(const struct vtd_pgtable *pgt, u64 iova,
				    bool *leaf);
/*
 * The leaf entry translating @iova and its level, as the hardware walk
 * finds it; 0 when the walk hits a non-present entry.
 */
u64 vtd_pgtable_lookup(const struct vtd_pgtable *pgt, u64 iova,
		       unsigned int *level);
/* The physical address @iova maps to, 0 when unmapped. */
phys_addr_t vtd_pgtable_iova_to_phys(const struct vtd_pgtable *pgt, u64 iova);
/*
 * Drops the top level, 6.1's "knock out extra levels": entry 0's table
 * becomes the root and the old root is freed.  Tables hanging off other
 * entries are freed too; nothing is mapped there when the caller checked
 * max_addr first.
 */
void vtd_pgtable_drop_level(struct vtd_pgtable *pgt);
/* Frees every table; memory accounting returns to where it was. */
void vtd_pgtable_free(struct vtd_pgtable *pgt);

/*
 * The unit's registers, by their names in 6.1's include/linux/intel-iommu.h
 * (drivers/iommu/intel/iommu.h), written from the VT-d specification's
 * chapter "Register Descriptions".  Only what this driver programs.
 */
#define DMAR_VER_REG		0x00
#define DMAR_VER_MAJOR(v)	(((v) & 0xf0) >> 4)
#define DMAR_VER_MINOR(v)	((v) & 0x0f)
#define DMAR_CAP_REG		0x08
#define DMAR_ECAP_REG		0x10
#define DMAR_GCMD_REG		0x18
#define DMAR_GSTS_REG		0x1c
#define DMAR_RTADDR_REG		0x20
#define DMAR_CCMD_REG		0x28
#define DMAR_FSTS_REG		0x34
#define DMAR_FECTL_REG		0x38

#define cap_sagaw(c)		(((c) >> 8) & 0x1f)
#define cap_fault_reg_offset(c)	((((c) >> 24) & 0x3ff) * 16)
#define cap_read_drain(c)	(((c) >> 55) & 1)
#define cap_write_drain(c)	(((c) >> 54) & 1)
#define cap_pgsel_inv(c)	(((c) >> 39) & 1)
#define cap_num_fault_regs(c)	((((c) >> 40) & 0xff) + 1)
#define cap_max_amask_val(c)	(((c) >> 48) & 0x3f)
#define ecap_iotlb_offset(e)	((((e) >> 8) & 0x3ff) * 16)
#define ecap_sc_support(e)	(((e) >> 7) & 1)

#define DMA_GCMD_TE		BIT(31)
#define DMA_GCMD_SRTP		BIT(30)
#define DMA_GSTS_TES		BIT(31)
#define DMA_GSTS_RTPS		BIT(30)

#define DMA_CCMD_ICC		BIT_ULL(63)
#define DMA_CCMD_GLOBAL_INVL	(1ULL << 61)
#define DMA_CCMD_DEVICE_INVL	(3ULL << 61)
#define DMA_CCMD_SID(sid)	((u64)(sid) << 16)
#define DMA_CCMD_DID(did)	((u64)(did))

/* The IOTLB registers sit at ecap_iotlb_offset(): IVA, then IOTLB. */
#define DMA_TLB_IVT		BIT_ULL(63)
#define DMA_TLB_GLOBAL_FLUSH	(1ULL << 60)
#define DMA_TLB_DSI_FLUSH	(2ULL << 60)
#define DMA_TLB_PSI_FLUSH	(3ULL << 60)
#define DMA_TLB_READ_DRAIN	BIT_ULL(49)
#define DMA_TLB_WRITE_DRAIN	BIT_ULL(48)
#define DMA_TLB_DID(did)	((u64)(did) << 32)
#define DMA_TLB_IAIG(val)	(((val) >> 57) & 3)

#define DMA_FSTS_PFO		BIT(0)
#define DMA_FSTS_PPF		BIT(1)
#define DMA_FSTS_PRO		BIT(7)
#define dma_fsts_fault_record_index(s)	(((s) >> 8) & 0xff)

/* A fault record is four dwords: the page (0, 4), then 8 and 12. */
#define VTD_FRCD_LEN		16
#define DMA_FRCD_F		BIT(31)			/* dword 12 */
#define dma_frcd_type(d)	(((d) >> 30) & 1)	/* dword 12: 1 read */
#define dma_frcd_fault_reason(d) ((d) & 0xff)		/* dword 12 */
#define dma_frcd_source_id(d)	((d) & 0xffff)		/* dword 8 */
#define dma_frcd_page_addr(q)	((q) & ~0xfffULL)	/* quad 0 */

/*
 * Legacy-mode root and context entries, 128 bits each (low quad, then
 * high): 256 root entries indexed by bus, each pointing at a table of 256
 * context entries indexed by devfn.
 *
 *   root     lo: 63:12 context table | 0 present
 *   context  lo: 63:12 second-level table | 3:2 type | 0 present
 *            hi: 23:8 domain ID | 2:0 address width (levels - 2)
 */
#define VTD_ROOT_ENTRIES	256
#define VTD_CONTEXT_ENTRIES	256
#define VTD_ENTRY_LEN		16
#define VTD_RE_PRESENT		BIT_ULL(0)
#define VTD_CE_PRESENT		BIT_ULL(0)
#define VTD_CE_TT_SHIFT		2
#define VTD_CE_DID_SHIFT	8
#define VTD_CE_DID_MASK		0xffff
#define VTD_ENTRY_ADDR_MASK	GENMASK_ULL(63, 12)
#define CONTEXT_TT_MULTI_LEVEL	0
#define CONTEXT_TT_PASS_THROUGH	2

/* Reads 6.1's IOMMU_WAIT_OP() allows before it declares a unit broken. */
#define VTD_WAIT_READS		1000

/* The driver's own lines carry 6.1's dmar.c/iommu.c prefix (its pr_fmt). */
#define vtd_pr(vtd, fmt, ...)	pr_err("DMAR: " fmt, ##__VA_ARGS__)

/* One DMAR unit (struct intel_iommu). */
#define VTD_NR_DIDS		65536	/* QEMU's cap.ND = 6: 16-bit domain IDs */

struct vtd_iommu {
	struct device *dev;
	struct iommu_device iommu;
	void __iomem *reg;		/* the register window */
	u64 cap, ecap;
	u32 gcmd;			/* GCMD bits in force: TE */
	unsigned int agaw;		/* widest SAGAW: 1 (39 bits) or 2 (48) */
	unsigned int width;		/* its address width: 39 or 48 */
	unsigned int levels;		/* tables this unit walks */
	bool snoop_control;		/* ecap.SC */
	bool translation_pre_enabled;	/* GSTS.TES at probe: kdump */
	bool no_default_domain;		/* lab: driver without default domains */
	phys_addr_t root_entry;		/* the root table */
	int irq;			/* the fault interrupt */
	struct ratelimit_state fault_rs;	/* dmar_fault()'s */
	u64 domain_ids[VTD_NR_DIDS / 64];	/* bit set: DID in use */
	u16 si_did;			/* static identity's DID here */
	unsigned int si_refcnt;		/* devices in static identity */
};

/* What the domain holds for each unit it is attached through. */
struct vtd_domain_unit {
	struct list_head node;		/* vtd_domain.units, attach order */
	struct vtd_iommu *iommu;
	u16 did;			/* the domain's ID in this unit */
	unsigned int refcnt;		/* devices attached through it */
};

/* A paging domain, or a handle onto the static identity (struct dmar_domain). */
struct vtd_domain {
	struct iommu_domain domain;
	bool identity;			/* static identity: pass-through, no tables */
	struct vtd_pgtable pgt;
	unsigned int gaw;		/* guest address width, bits */
	u64 max_addr;			/* end of the highest mapping */
	bool force_snooping;		/* enforce_cache_coherency() ran */
	bool set_pte_snp;		/* new leaves get SNP */
	struct list_head devices;	/* vtd_dev_info.link */
	struct list_head units;		/* struct vtd_domain_unit */
};

/*
 * Where a device's context entry points: nowhere (blocked), at tables the
 * firmware left (kdump), through to memory (static identity, pass-through)
 * or at a paging domain's tables.
 */
enum vtd_context {
	VTD_CTX_NONE,
	VTD_CTX_COPIED,
	VTD_CTX_PASSTHROUGH,
	VTD_CTX_DOMAIN,
};

/* Per-device data, dev_iommu_priv (struct device_domain_info). */
struct vtd_dev_info {
	struct device *dev;
	struct vtd_iommu *iommu;
	u8 bus;
	u8 devfn;
	enum vtd_context context;
	struct iommu_domain *domain;	/* the context's domain, or NULL */
	struct list_head link;		/* vtd_domain.devices */
	bool dma_api_attached;		/* a DMA-API domain was attached */
};

static inline struct vtd_domain *to_vtd_domain(struct iommu_domain *domain)
{
	return container_of(domain, struct vtd_domain, domain);
}

static inline struct vtd_iommu *to_vtd_iommu(struct iommu_device *iommu)
{
	return container_of(iommu, struct vtd_iommu, iommu);
}

/* The address width 6.1 gives a new domain (DEFAULT_DOMAIN_ADDRESS_WIDTH). */
#define VTD_DEFAULT_DOMAIN_WIDTH	57

/* The interrupt window: writes here are MSIs, never DMA (IOAPIC_RANGE_*). */
#define VTD_MSI_BASE		0xfee00000ULL
#define VTD_MSI_SIZE		0x100000ULL

/* vtd_iommu.c: the ops tables and the platform driver. */
bool vtd_is_vtd_ops(const struct iommu_ops *ops);

/* vtd_domain_alloc.c */
struct iommu_domain *vtd_domain_alloc(unsigned int type);
struct iommu_domain *vtd_domain_alloc_no_default(unsigned int type);
void vtd_domain_free(struct iommu_domain *domain);
/* True for a handle onto the static identity domain (si_domain). */
bool vtd_domain_is_si(struct iommu_domain *domain);

/* vtd_attach_dev.c */
int vtd_attach_dev(struct iommu_domain *domain, struct device *dev);

/* vtd_prepare_attach.c */
/*
 * Whether @info's unit can walk @vdom's tables: 0, after fitting the
 * domain's width and levels to the unit, or the era's incompatibility
 * errno (lab_incompatible_errno()) when the domain enforces snooping the
 * unit lacks or maps above the unit's width.
 */
int vtd_prepare_attach(struct vtd_domain *vdom, struct vtd_dev_info *info);

/* vtd_detach_dev.c */
void vtd_detach_dev(struct iommu_domain *domain, struct device *dev);

/* vtd_context.c: context entries and the domain's units. */
/*
 * Points @info's context entry at @domain: takes a DID in the unit,
 * allocates the domain's root table if it has none, writes the entry,
 * links the device to the domain and traces "vtd_context".  Returns 0,
 * -ENOSPC without a free DID, -ENOMEM.
 */
int vtd_domain_add_dev(struct iommu_domain *domain, struct vtd_dev_info *info);
/*
 * Clears @info's context entry (DMA from the device is blocked) and drops
 * what the domain held for it; traces "vtd_context ... domain=none".
 */
void vtd_block_translation(struct vtd_dev_info *info);

/* vtd_map.c */
int vtd_map_pages(struct iommu_domain *domain, unsigned long iova,
		  phys_addr_t paddr, size_t pgsize, size_t pgcount, int prot,
		  gfp_t gfp, size_t *mapped);
size_t vtd_unmap_pages(struct iommu_domain *domain, unsigned long iova,
		       size_t pgsize, size_t pgcount,
		       struct iommu_iotlb_gather *gather);
phys_addr_t vtd_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova);
void vtd_iotlb_sync(struct iommu_domain *domain,
		    struct iommu_iotlb_gather *gather);
void vtd_flush_iotlb_all(struct iommu_domain *domain);

/* vtd_root.c: the root table and context entries in memory. */
/* Allocates the unit's empty root table.  Returns 0 or -ENOMEM. */
int vtd_root_alloc(struct vtd_iommu *vtd);
/* Frees the root table and every context table it leads to. */
void vtd_root_free(struct vtd_iommu *vtd);
/*
 * Where the context entry of @bus:@devfn is, in *@ce.  With @alloc, a
 * missing context table is allocated and entered in the root table.
 * Returns 0, -ENOENT (no table and !@alloc), -ENOMEM.
 */
int vtd_context_addr(struct vtd_iommu *vtd, u8 bus, u8 devfn, bool alloc,
		     phys_addr_t *ce);
/*
 * Writes @info's context entry: domain ID @did, type @tt, second-level
 * table @pgd of @levels levels (@tt CONTEXT_TT_MULTI_LEVEL) or the unit's
 * widest width (pass-through).  An entry copied from a crashed kernel is
 * invalidated first; an entry already present otherwise is left alone, as
 * 6.1's domain_context_mapping_one() does.  Returns 0 or -ENOMEM.
 */
int vtd_context_map(struct vtd_dev_info *info, u16 did, unsigned int tt,
		    phys_addr_t pgd, unsigned int levels);
/* Clears @info's present context entry and invalidates what the unit cached. */
void vtd_context_clear(struct vtd_dev_info *info);
/* Programs RTADDR, latches it with SRTP and invalidates both caches. */
void vtd_set_root_entry(struct vtd_iommu *vtd);
/* Sets GCMD.TE and waits for GSTS.TES; clears it likewise. */
void vtd_enable_translation(struct vtd_iommu *vtd);
void vtd_disable_translation(struct vtd_iommu *vtd);

/* vtd_flush.c: register-based invalidation. */
/* Context cache: DMA_CCMD_GLOBAL_INVL, or _DEVICE_INVL of @sid in @did. */
void vtd_flush_context(struct vtd_iommu *vtd, u16 did, u16 sid, u64 type);
/*
 * IOTLB: DMA_TLB_GLOBAL_FLUSH, _DSI_FLUSH of @did, or _PSI_FLUSH of the
 * 2^@am pages at @addr in @did.
 */
void vtd_flush_iotlb(struct vtd_iommu *vtd, u16 did, u64 addr, unsigned int am,
		     u64 type);

/* vtd_kdump.c */
/*
 * Copies the context tables a crashed kernel left (RTADDR's) into the
 * unit's new root table and reserves their domain IDs.  Returns 0 or
 * -ENOMEM.
 */
int vtd_copy_translation_tables(struct vtd_iommu *vtd);

/* vtd_fault.c */
/* Requests the fault interrupt and unmasks it.  Returns 0 or -errno. */
int vtd_fault_irq_init(struct vtd_iommu *vtd);

/* vtd_sim_walk.c */
int vtd_sim_walk(struct iommu_domain *domain, u64 iova,
		 struct sim_pgtable_walk *walk);

/* vtd_enforce_cache_coherency.c */
bool vtd_enforce_cache_coherency(struct iommu_domain *domain);

/* vtd_resv_regions.c */
void vtd_get_resv_regions(struct device *dev, struct list_head *head);

/* vtd_is_attach_deferred.c */
bool vtd_is_attach_deferred(struct device *dev);

/* vtd_probe_finalize.c */
void vtd_probe_finalize(struct device *dev);

/* vtd_probe_device.c */
struct iommu_device *vtd_probe_device(struct device *dev);
void vtd_release_device(struct device *dev);

/* vtd_device_group.c */
struct iommu_group *vtd_device_group(struct device *dev);

#endif
