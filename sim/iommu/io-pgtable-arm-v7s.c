/*
 * ARMv7 short-descriptor IO page tables, built the way Linux 6.1's
 * io-pgtable-arm-v7s.c builds them for the MediaTek M4U.  A level-1 table
 * of 2^(ias-20) entries (4096 for a 32-bit IOVA: 16 KiB) points to 256-entry
 * level-2 tables (1 KiB) made on demand.  Every table lives in physical
 * memory, where the M4U's walker reads it: the simulator's simulated RAM,
 * or the kernel's own pages when kernel-lab's module compiles this file
 * (<lab_v7s_mem.h> says what differs).  No other copy is kept, so lookups
 * and teardown read the descriptors back from there.
 *
 * Where the kernel WARNs, a "pgtable_warn" trace event is emitted and the
 * call fails as the kernel's would.  The few deliberate differences from
 * 6.1 are marked "Departure".
 *
 * Level 1, one entry per MiB of IOVA:
 *
 *   table         [31:10] L2 base            [9] P  [3] NS        [1:0] 01
 *   section       [31:20] base  [19] NS [18] 0  [17] nG [16] S [15] AP2
 *                 [14:12] TEX [11:10] AP  [4] XN [3] C [2] B     [1:0] 1x
 *   supersection  [31:24] base, bit 18 set, otherwise as a section
 *
 * Level 2, one entry per 4 KiB:
 *
 *   large page    [31:16] base  [15] XN [14:12] TEX [11] nG [10] S [9] AP2
 *                 [5:4] AP [3] C [2] B                          [1:0] 01
 *   small page    [31:12] base  [11] nG [10] S [9] AP2 [8:6] TEX [5:4] AP
 *                 [3] C [2] B [1] 1 [0] XN
 *
 * A large page (64 KiB) or supersection (16 MiB) is one descriptor written
 * into 16 consecutive slots.  The attribute byte nG,S,AP2,TEX[2:0],AP[1:0]
 * starts at bit 10 in level 1 and at bit 4 in level 2.  With ARM_MTK_EXT,
 * PA bit 32 goes in descriptor bit 9, bit 33 in bit 4 and bit 34 in bit 5.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/io-pgtable.h>
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/types.h>

#include <lab_v7s_mem.h>

#define V7S_PTE_SIZE		4
#define V7S_CONT_PAGES		16	/* slots of a large page or supersection */
#define V7S_L2_BITS		8
#define V7S_MIN_L1_ALLOC	SZ_4K	/* level 1 takes whole pages */
#define V7S_ALL_QUIRKS		(IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS | \
				 IO_PGTABLE_QUIRK_ARM_MTK_EXT | \
				 IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT)

/* Descriptor type, bits [1:0] */
#define V7S_TYPE_MASK		0x3u
#define V7S_TYPE_TABLE		0x1u	/* level 1 only */
#define V7S_TYPE_PAGE		0x2u	/* section or small page */
#define V7S_TYPE_CONT_PAGE	0x1u	/* large page, level 2 only */

#define V7S_B			BIT(2)
#define V7S_C			BIT(3)
#define V7S_NS_TABLE		BIT(3)
#define V7S_XN(lvl)		((lvl) == 1 ? BIT(4) : BIT(0))
#define V7S_SUPERSECTION	BIT(18)
#define V7S_NS_SECTION		BIT(19)
#define V7S_TABLE_MASK		((u32)GENMASK(31, 10))

/* The attribute byte, before it is shifted into place. */
#define V7S_ATTR_SHIFT(lvl)	((lvl) == 1 ? 10 : 4)
#define V7S_ATTR_AF		BIT(0)		/* AP0 */
#define V7S_ATTR_UNPRIV		BIT(1)		/* AP1 */
#define V7S_ATTR_TEX(t)		(((t) & 0x7u) << 2)
#define V7S_ATTR_TEX_MASK	V7S_ATTR_TEX(0x7u)
#define V7S_ATTR_RDONLY		BIT(5)		/* AP2 */
#define V7S_ATTR_S		BIT(6)
#define V7S_ATTR_NG		BIT(7)

/* Level 2: a large page moves XN from bit 0 to 15, TEX from [8:6] to [14:12]. */
#define V7S_LARGE_XN_SHIFT	15
#define V7S_SMALL_TEX		((u32)GENMASK(8, 6))
#define V7S_LARGE_TEX_SHIFT	6

/* ARM_MTK_EXT: where PA bits above 31 go */
#define V7S_MTK_PA_BIT32	BIT(9)
#define V7S_MTK_PA_BIT33	BIT(4)
#define V7S_MTK_PA_BIT34	BIT(5)

/* TTBR0 and the TEX-remap registers */
#define V7S_RGN_NC		0u
#define V7S_RGN_WBWA		1u
#define V7S_TTBR_S		BIT(1)
#define V7S_TTBR_NOS		BIT(5)
#define V7S_TTBR_IRGN(rgn)	((((rgn) & 0x1u) << 6) | (((rgn) & 0x2u) >> 1))
#define V7S_TTBR_ORGN(rgn)	(((rgn) & 0x3u) << 3)
#define V7S_PRRR_DEVICE		1u
#define V7S_PRRR_NORMAL		2u
#define V7S_PRRR_TR(n, type)	((type) << (2 * (n)))
#define V7S_PRRR_DS0		BIT(16)
#define V7S_PRRR_DS1		BIT(17)
#define V7S_PRRR_NS1		BIT(19)
#define V7S_PRRR_NOS(n)		BIT(24 + (n))
#define V7S_NMRR_IR(n, rgn)	((rgn) << (2 * (n)))
#define V7S_NMRR_OR(n, rgn)	((rgn) << (2 * (n) + 16))

/*
 * Table pages whose host address a page table remembers (see pte_ptr()):
 * two of each frame number modulo V7S_SEEN_SETS.
 */
#define V7S_SEEN_SETS		8
#define V7S_TABLE_PAGE		SZ_4K
#define V7S_NO_PFN		(~(phys_addr_t)0)	/* no table page is there */

struct v7s_seen_page {
	phys_addr_t pfn;	/* which 4 KiB of tables, or V7S_NO_PFN */
	u32 *page;		/* where it is */
};

struct v7s_pgtable {
	struct io_pgtable iop;
	phys_addr_t pgd;	/* the level-1 table's physical address */
	struct lab_v7s_mem *mem;	/* where the tables come from */
	struct v7s_seen_page seen[V7S_SEEN_SETS][2];
};

static size_t v7s_unmap(struct v7s_pgtable *d, struct iommu_iotlb_gather *gather,
			unsigned long iova, size_t size, int lvl, phys_addr_t table);

static struct v7s_pgtable *ops_to_v7s(struct io_pgtable_ops *ops)
{
	return container_of(io_pgtable_ops_to_pgtable(ops), struct v7s_pgtable, iop);
}

static bool v7s_mtk_ext(const struct io_pgtable_cfg *cfg)
{
	return cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT;
}

static unsigned int lvl_shift(int lvl)
{
	return lvl == 1 ? 20 : 12;
}

static unsigned int lvl_entries(int lvl, const struct io_pgtable_cfg *cfg)
{
	return 1u << (lvl == 1 ? cfg->ias - 20 : V7S_L2_BITS);
}

static size_t blk_size(int lvl)
{
	return (size_t)1 << lvl_shift(lvl);
}

static u32 lvl_mask(int lvl)
{
	return ~0u << lvl_shift(lvl);
}

static unsigned int lvl_idx(unsigned long iova, int lvl,
			    const struct io_pgtable_cfg *cfg)
{
	return (iova >> lvl_shift(lvl)) & (lvl_entries(lvl, cfg) - 1);
}

/* Bytes a table takes; also its alignment. */
static size_t table_bytes(int lvl, const struct io_pgtable_cfg *cfg)
{
	size_t size = (size_t)lvl_entries(lvl, cfg) * V7S_PTE_SIZE;

	return lvl == 1 && size < V7S_MIN_L1_ALLOC ? V7S_MIN_L1_ALLOC : size;
}

/*
 * pte_ptr() for a page its set does not remember: it takes the set's
 * first place, and what was there the second.
 */
static u32 *pte_ptr_seek(struct v7s_pgtable *d, phys_addr_t ptep)
{
	phys_addr_t pfn = ptep / V7S_TABLE_PAGE;
	struct v7s_seen_page *set = d->seen[pfn % V7S_SEEN_SETS];

	set[1] = set[0];
	set[0].page = lab_v7s_table_page(d->mem, pfn * V7S_TABLE_PAGE);
	if (!set[0].page) {
		set[0].pfn = V7S_NO_PFN;
		return NULL;
	}
	set[0].pfn = pfn;
	return set[0].page + ptep % V7S_TABLE_PAGE / V7S_PTE_SIZE;
}

/*
 * The descriptor at @ptep, where the host keeps it.  The pages of tables
 * used last are remembered by frame number, a level-1 table's four and
 * the level-2 tables' around them, so a walk does not ask where each
 * descriptor is; a page's place never changes (<lab_v7s_mem.h>), and the
 * descriptors themselves are always read from there.  NULL only when the
 * simulator is out of host memory.
 */
static inline u32 *pte_ptr(struct v7s_pgtable *d, phys_addr_t ptep)
{
	phys_addr_t pfn = ptep / V7S_TABLE_PAGE;
	const struct v7s_seen_page *set = d->seen[pfn % V7S_SEEN_SETS];
	unsigned int idx = ptep % V7S_TABLE_PAGE / V7S_PTE_SIZE;

	if (likely(set[0].pfn == pfn))
		return set[0].page + idx;
	if (likely(set[1].pfn == pfn))
		return set[1].page + idx;
	return pte_ptr_seek(d, ptep);
}

/*
 * Inline, as pte_to_pa() and prot_to_pte() are: every map and unmap
 * runs them, and a call each would cost as much as the rest of the step.
 */
static inline u32 pte_get(struct v7s_pgtable *d, phys_addr_t ptep)
{
	u32 *p = pte_ptr(d, ptep);

	return p ? lab_v7s_pte_load(p) : 0;
}

static inline void pte_set(struct v7s_pgtable *d, phys_addr_t ptep, u32 pte, int n)
{
	for (int i = 0; i < n; i++) {
		u32 *p = pte_ptr(d, ptep + i * V7S_PTE_SIZE);

		if (p)
			lab_v7s_pte_store(p, pte);
	}
}

/* Where 6.1 WARNs; the report names this file, the line and the function. */
#define v7s_warn(d, iova, msg)						\
	lab_v7s_warn((d)->mem, iova, msg, __FILE__, __LINE__, __func__)

static bool pte_valid(u32 pte)
{
	return pte & V7S_TYPE_MASK;
}

static bool pte_is_table(u32 pte, int lvl)
{
	return lvl == 1 && (pte & V7S_TYPE_MASK) == V7S_TYPE_TABLE;
}

/* A large page or a supersection: one of 16 identical slots. */
static bool pte_is_cont(u32 pte, int lvl)
{
	if (lvl == 1)
		return !pte_is_table(pte, lvl) && (pte & V7S_SUPERSECTION);
	return !(pte & V7S_TYPE_PAGE);
}

static u32 mtk_pa_bits(phys_addr_t pa, u32 pte)
{
	if (pa & BIT_ULL(32))
		pte |= V7S_MTK_PA_BIT32;
	if (pa & BIT_ULL(33))
		pte |= V7S_MTK_PA_BIT33;
	if (pa & BIT_ULL(34))
		pte |= V7S_MTK_PA_BIT34;
	return pte;
}

static u32 pa_to_pte(phys_addr_t pa, int lvl, const struct io_pgtable_cfg *cfg)
{
	u32 pte = (u32)pa & lvl_mask(lvl);

	return v7s_mtk_ext(cfg) ? mtk_pa_bits(pa, pte) : pte;
}

static inline phys_addr_t pte_to_pa(u32 pte, int lvl, const struct io_pgtable_cfg *cfg)
{
	phys_addr_t pa;
	u32 mask;

	if (pte_is_table(pte, lvl))
		mask = V7S_TABLE_MASK;
	else if (pte_is_cont(pte, lvl))
		mask = lvl_mask(lvl) * V7S_CONT_PAGES;
	else
		mask = lvl_mask(lvl);
	pa = pte & mask;
	if (!v7s_mtk_ext(cfg))
		return pa;
	if (pte & V7S_MTK_PA_BIT32)
		pa |= BIT_ULL(32);
	if (pte & V7S_MTK_PA_BIT33)
		pa |= BIT_ULL(33);
	if (pte & V7S_MTK_PA_BIT34)
		pa |= BIT_ULL(34);
	return pa;
}

/*
 * Takes a zeroed table.  Returns 0 and sets *@pa, -ENOMEM when there is
 * no room or the table would sit where a descriptor (or, with
 * ARM_MTK_TTBR_EXT, the output size) cannot reach it.
 */
static int v7s_alloc_table(struct v7s_pgtable *d, int lvl, gfp_t gfp,
			   phys_addr_t *pa)
{
	struct io_pgtable_cfg *cfg = &d->iop.cfg;
	size_t size = table_bytes(lvl, cfg);
	bool fits;
	int ret;

	ret = lab_v7s_table_alloc(d->mem, lvl, size, gfp, pa);
	if (ret)
		return ret;
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT)
		fits = *pa < BIT_ULL(cfg->oas);
	else
		fits = *pa == (u32)*pa;
	if (!fits) {
		lab_v7s_table_too_high(d->mem, *pa);
		lab_v7s_table_free(d->mem, lvl, size, *pa);
		return -ENOMEM;
	}
	return 0;
}

static void v7s_free_table(struct v7s_pgtable *d, int lvl, phys_addr_t pa)
{
	lab_v7s_table_free(d->mem, lvl, table_bytes(lvl, &d->iop.cfg), pa);
}

/* The attribute, type and NS bits of a leaf (no address). */
static inline u32 prot_to_pte(int prot, int lvl, const struct io_pgtable_cfg *cfg)
{
	bool perms = !(cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS);
	u32 attr = V7S_ATTR_NG | V7S_ATTR_S;
	u32 pte;

	if (!(prot & IOMMU_MMIO))
		attr |= V7S_ATTR_TEX(1);
	if (perms) {
		attr |= V7S_ATTR_AF;
		if (!(prot & IOMMU_PRIV))
			attr |= V7S_ATTR_UNPRIV;
		if (!(prot & IOMMU_WRITE))
			attr |= V7S_ATTR_RDONLY;
	}
	pte = attr << V7S_ATTR_SHIFT(lvl);

	if (perms && (prot & IOMMU_NOEXEC))
		pte |= V7S_XN(lvl);
	if (prot & IOMMU_MMIO)
		pte |= V7S_B;
	else if (prot & IOMMU_CACHE)
		pte |= V7S_B | V7S_C;
	pte |= V7S_TYPE_PAGE;
	if (lvl == 1 && (cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS))
		pte |= V7S_NS_SECTION;
	return pte;
}

static int pte_to_prot(u32 pte, int lvl)
{
	u32 attr = pte >> V7S_ATTR_SHIFT(lvl);
	int prot = IOMMU_READ;

	if (!(attr & V7S_ATTR_RDONLY))
		prot |= IOMMU_WRITE;
	if (!(attr & V7S_ATTR_UNPRIV))
		prot |= IOMMU_PRIV;
	if (!(attr & V7S_ATTR_TEX_MASK))
		prot |= IOMMU_MMIO;
	else if (pte & V7S_C)
		prot |= IOMMU_CACHE;
	if (pte & V7S_XN(lvl))
		prot |= IOMMU_NOEXEC;
	return prot;
}

/* Section to supersection, small page to large page. */
static u32 pte_to_cont(u32 pte, int lvl)
{
	u32 xn, tex;

	if (lvl == 1)
		return pte | V7S_SUPERSECTION;
	xn = pte & V7S_XN(2);
	tex = pte & V7S_SMALL_TEX;
	pte &= ~(xn | tex | V7S_TYPE_PAGE);
	return pte | xn << V7S_LARGE_XN_SHIFT | tex << V7S_LARGE_TEX_SHIFT |
	       V7S_TYPE_CONT_PAGE;
}

static u32 cont_to_pte(u32 pte, int lvl)
{
	u32 xn, tex;

	if (lvl == 1)
		return pte & ~V7S_SUPERSECTION;
	xn = pte & BIT(V7S_LARGE_XN_SHIFT);
	tex = pte & V7S_SMALL_TEX << V7S_LARGE_TEX_SHIFT;
	pte &= ~(xn | tex | V7S_TYPE_CONT_PAGE);
	return pte | xn >> V7S_LARGE_XN_SHIFT | tex >> V7S_LARGE_TEX_SHIFT |
	       V7S_TYPE_PAGE;
}

/*
 * Writes @n slots of a leaf at @ptep.  A table in the way is unmapped and
 * freed first (mapping a section over a level-2 table replaces it); any
 * other live entry is -EEXIST.
 */
static int v7s_init_pte(struct v7s_pgtable *d, unsigned long iova,
			phys_addr_t pa, int prot, int lvl, int n, phys_addr_t ptep)
{
	struct io_pgtable_cfg *cfg = &d->iop.cfg;
	phys_addr_t table = ptep - (phys_addr_t)lvl_idx(iova, lvl, cfg) * V7S_PTE_SIZE;
	size_t sz = blk_size(lvl);
	u32 pte;

	for (int i = 0; i < n; i++) {
		pte = pte_get(d, ptep + i * V7S_PTE_SIZE);
		if (pte_is_table(pte, lvl)) {
			if (v7s_unmap(d, NULL, iova + i * sz, sz, lvl, table) != sz) {
				v7s_warn(d, iova + i * sz, "cannot free the table a block replaces");
				return -EINVAL;
			}
		} else if (pte) {
			v7s_warn(d, iova, "map over an existing entry: unmap first");
			return -EEXIST;
		}
	}

	pte = prot_to_pte(prot, lvl, cfg);
	if (n > 1)
		pte = pte_to_cont(pte, lvl);
	pte |= pa_to_pte(pa, lvl, cfg);
	pte_set(d, ptep, pte, n);
	return 0;
}

/*
 * Points the level-1 slot @ptep at @table if it still holds @curr (the
 * kernel's cmpxchg).  Returns what the slot held before.
 */
static u32 v7s_install_table(struct v7s_pgtable *d, phys_addr_t table,
			     phys_addr_t ptep, u32 curr)
{
	const struct io_pgtable_cfg *cfg = &d->iop.cfg;
	u32 old = pte_get(d, ptep);
	u32 new = (u32)table | V7S_TYPE_TABLE;

	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT)
		new = mtk_pa_bits(table, new);
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS)
		new |= V7S_NS_TABLE;
	if (old == curr)
		pte_set(d, ptep, new, 1);
	return old;
}

static int v7s_map(struct v7s_pgtable *d, unsigned long iova, phys_addr_t pa,
		   size_t size, int prot, int lvl, phys_addr_t table, gfp_t gfp)
{
	struct io_pgtable_cfg *cfg = &d->iop.cfg;
	phys_addr_t ptep = table + (phys_addr_t)lvl_idx(iova, lvl, cfg) * V7S_PTE_SIZE;
	int n = size >> lvl_shift(lvl);
	phys_addr_t next = 0;
	u32 pte;
	int ret;

	if (n)
		return v7s_init_pte(d, iova, pa, prot, lvl, n, ptep);
	if (lvl == 2) {
		v7s_warn(d, iova, "no table below level 2");
		return -EINVAL;
	}

	pte = pte_get(d, ptep);
	if (!pte) {
		ret = v7s_alloc_table(d, lvl + 1, gfp, &next);
		if (ret)
			return -ENOMEM;
		pte = v7s_install_table(d, next, ptep, 0);
		if (pte)
			v7s_free_table(d, lvl + 1, next);
	}
	if (pte_is_table(pte, lvl)) {
		next = pte_to_pa(pte, lvl, cfg);
	} else if (pte) {
		v7s_warn(d, iova, "map over an existing entry: unmap first");
		return -EEXIST;
	}
	return v7s_map(d, iova, pa, size, prot, lvl + 1, next, gfp);
}

/*
 * Departure: 6.1 trusts the IOMMU core to pass one of the format's sizes,
 * aligned; anything else would write past a table here.
 */
static bool v7s_size_ok(size_t pgsize, u64 addr)
{
	if (pgsize != SZ_4K && pgsize != SZ_64K && pgsize != SZ_1M && pgsize != SZ_16M)
		return false;
	return !(addr & (pgsize - 1));
}

static int v7s_map_pages(struct io_pgtable_ops *ops, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped)
{
	struct v7s_pgtable *d = ops_to_v7s(ops);
	const struct io_pgtable_cfg *cfg = &d->iop.cfg;
	int ret = -EINVAL;

	if (iova >= BIT_ULL(cfg->ias) || paddr >= BIT_ULL(cfg->oas)) {
		v7s_warn(d, iova, "iova or pa out of range");
		return -ERANGE;
	}
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (!v7s_size_ok(pgsize, iova | paddr)) {
		v7s_warn(d, iova, "bad page size or alignment");
		return -EINVAL;
	}

	while (pgcount--) {
		ret = v7s_map(d, iova, paddr, pgsize, prot, 1, d->pgd, gfp);
		if (ret)
			break;
		iova += pgsize;
		paddr += pgsize;
		if (mapped)
			*mapped += pgsize;
	}
	return ret;
}

/*
 * Rewrites the 16 slots of the large page or supersection that holds
 * @ptep as 16 ordinary entries.  Returns the first of them (or @ptep's
 * entry untouched if it is not contiguous).
 */
static u32 v7s_split_cont(struct v7s_pgtable *d, unsigned long iova,
			  unsigned int idx, int lvl, phys_addr_t ptep)
{
	size_t size = blk_size(lvl);
	u32 pte = pte_get(d, ptep);

	if (!pte_is_cont(pte, lvl))
		return pte;
	ptep -= (idx & (V7S_CONT_PAGES - 1)) * V7S_PTE_SIZE;
	pte = cont_to_pte(pte, lvl);
	for (int i = 0; i < V7S_CONT_PAGES; i++)
		pte_set(d, ptep + i * V7S_PTE_SIZE, pte + i * size, 1);

	size *= V7S_CONT_PAGES;
	io_pgtable_tlb_flush_walk(&d->iop, iova, size, size);
	return pte;
}

/*
 * Unmaps @size (4 KiB or 64 KiB) out of the section @blk_pte at level-1
 * slot @ptep by putting a level-2 table there that maps the rest.
 *
 * As in 6.1, the new table's entries are built from the section's
 * permissions alone: their addresses count up from 0, not from the
 * section's base, so the rest of the section is remapped to PA 0..1 MiB.
 */
static size_t v7s_split_blk_unmap(struct v7s_pgtable *d,
				  struct iommu_iotlb_gather *gather,
				  unsigned long iova, size_t size, u32 blk_pte,
				  phys_addr_t ptep)
{
	struct io_pgtable_cfg *cfg = &d->iop.cfg;
	unsigned int nptes = lvl_entries(2, cfg);
	unsigned int n = size >> lvl_shift(2);
	unsigned int skip = lvl_idx(iova, 2, cfg);
	phys_addr_t table;
	u32 pte;

	if (v7s_alloc_table(d, 2, GFP_ATOMIC, &table)) {
		v7s_warn(d, iova, "no memory to split a section");
		return 0;
	}

	pte = prot_to_pte(pte_to_prot(blk_pte, 1), 2, cfg);
	if (n > 1)
		pte = pte_to_cont(pte, 2);
	for (unsigned int i = 0; i < nptes; i += n, pte += size) {
		if (i == skip)
			continue;
		pte_set(d, table + (phys_addr_t)i * V7S_PTE_SIZE, pte, n);
	}

	pte = v7s_install_table(d, table, ptep, blk_pte);
	if (pte != blk_pte) {
		v7s_free_table(d, 2, table);
		if (!pte_is_table(pte, 1)) {
			/* 6.1 fails this way inside a supersection but for its first MiB. */
			v7s_warn(d, iova, "section changed under a split: nothing unmapped");
			return 0;
		}
		return v7s_unmap(d, gather, iova, size, 2, pte_to_pa(pte, 1, cfg));
	}

	io_pgtable_tlb_add_page(&d->iop, gather, iova, size);
	return size;
}

/*
 * v7s_unmap() of the one entry at @ptep (slot @idx), whose block is
 * @size: a section, a small page, or one slot of a large page or
 * supersection.  The same steps as the general case with one entry, the
 * slot's host address found once: unmapping a section or a page is the
 * common call.
 */
static inline size_t v7s_unmap_entry(struct v7s_pgtable *d,
				     struct iommu_iotlb_gather *gather,
				     unsigned long iova, size_t size, int lvl,
				     unsigned int idx, phys_addr_t ptep)
{
	u32 *p = pte_ptr(d, ptep);
	u32 pte = p ? lab_v7s_pte_load(p) : 0;

	if (!pte_valid(pte)) {
		v7s_warn(d, iova, "unmap of an entry that is not mapped");
		return 0;
	}
	if (pte_is_cont(pte, lvl))
		pte = v7s_split_cont(d, iova, idx, lvl, ptep);
	if (p)
		lab_v7s_pte_store(p, 0);
	if (pte_is_table(pte, lvl)) {
		io_pgtable_tlb_flush_walk(&d->iop, iova, size, blk_size(lvl + 1));
		v7s_free_table(d, lvl + 1, pte_to_pa(pte, lvl, &d->iop.cfg));
	} else if (!(gather && gather->queued)) {
		io_pgtable_tlb_add_page(&d->iop, gather, iova, size);
	}
	return size;
}

/*
 * Unmaps @size at @iova from the level-@lvl @table.  Returns @size, or 0
 * (with a warning) when something there is not mapped.
 */
static size_t v7s_unmap(struct v7s_pgtable *d, struct iommu_iotlb_gather *gather,
			unsigned long iova, size_t size, int lvl, phys_addr_t table)
{
	struct io_pgtable_cfg *cfg = &d->iop.cfg;
	unsigned int idx = lvl_idx(iova, lvl, cfg);
	phys_addr_t ptep = table + (phys_addr_t)idx * V7S_PTE_SIZE;
	int n = size >> lvl_shift(lvl);
	u32 pte[V7S_CONT_PAGES];
	int i = 0;

	if (lvl > 2) {
		v7s_warn(d, iova, "walked below level 2");
		return 0;
	}
	if (n == 1)
		return v7s_unmap_entry(d, gather, iova, size, lvl, idx, ptep);
	do {
		pte[i] = pte_get(d, ptep + i * V7S_PTE_SIZE);
		if (!pte_valid(pte[i])) {
			v7s_warn(d, iova, "unmap of an entry that is not mapped");
			return 0;
		}
	} while (++i < n);

	/* Part of a large page or supersection: make it 16 entries first. */
	if (n <= 1 && pte_is_cont(pte[0], lvl))
		pte[0] = v7s_split_cont(d, iova, idx, lvl, ptep);

	if (n) {
		size_t blk = blk_size(lvl);

		pte_set(d, ptep, 0, n);
		for (i = 0; i < n; i++) {
			if (pte_is_table(pte[i], lvl)) {
				io_pgtable_tlb_flush_walk(&d->iop, iova, blk,
							  blk_size(lvl + 1));
				v7s_free_table(d, lvl + 1, pte_to_pa(pte[i], lvl, cfg));
			} else if (!(gather && gather->queued)) {
				io_pgtable_tlb_add_page(&d->iop, gather, iova, blk);
			}
			iova += blk;
		}
		return size;
	}
	if (lvl == 1 && !pte_is_table(pte[0], lvl))
		return v7s_split_blk_unmap(d, gather, iova, size, pte[0], ptep);

	return v7s_unmap(d, gather, iova, size, lvl + 1, pte_to_pa(pte[0], lvl, cfg));
}

static size_t v7s_unmap_pages(struct io_pgtable_ops *ops, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather)
{
	struct v7s_pgtable *d = ops_to_v7s(ops);
	size_t unmapped = 0;

	if (iova >= BIT_ULL(d->iop.cfg.ias)) {
		v7s_warn(d, iova, "iova out of range");
		return 0;
	}
	if (!v7s_size_ok(pgsize, iova)) {
		v7s_warn(d, iova, "bad page size or alignment");
		return 0;
	}

	while (pgcount--) {
		if (!v7s_unmap(d, gather, iova, pgsize, 1, d->pgd))
			break;
		unmapped += pgsize;
		iova += pgsize;
	}
	return unmapped;
}

static phys_addr_t v7s_iova_to_phys(struct io_pgtable_ops *ops, unsigned long iova)
{
	struct v7s_pgtable *d = ops_to_v7s(ops);
	const struct io_pgtable_cfg *cfg = &d->iop.cfg;
	phys_addr_t table = d->pgd;
	int lvl = 0;
	u32 pte, mask;

	do {
		lvl++;
		pte = pte_get(d, table + (phys_addr_t)lvl_idx(iova, lvl, cfg) * V7S_PTE_SIZE);
		table = pte_to_pa(pte, lvl, cfg);
	} while (pte_is_table(pte, lvl));

	if (!pte_valid(pte))
		return 0;
	mask = lvl_mask(lvl);
	if (pte_is_cont(pte, lvl))
		mask *= V7S_CONT_PAGES;
	return pte_to_pa(pte, lvl, cfg) | (iova & ~mask);
}

/* The one-page calls older drivers make (6.1's arm_v7s_map() and arm_v7s_unmap()). */
static int v7s_map_one(struct io_pgtable_ops *ops, unsigned long iova,
		       phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	size_t mapped;

	return v7s_map_pages(ops, iova, paddr, size, 1, prot, gfp, &mapped);
}

static size_t v7s_unmap_one(struct io_pgtable_ops *ops, unsigned long iova,
			    size_t size, struct iommu_iotlb_gather *gather)
{
	return v7s_unmap_pages(ops, iova, size, 1, gather);
}

static struct io_pgtable *v7s_alloc_pgtable(struct io_pgtable_cfg *cfg, void *cookie)
{
	bool mtk = v7s_mtk_ext(cfg);
	struct lab_v7s_mem *mem;
	struct v7s_pgtable *d;
	phys_addr_t pa;

	/* Departure: below 20 bits 6.1 would shift by a negative count. */
	if (cfg->ias < 20 || cfg->ias > (mtk ? 34u : 32u))
		return NULL;
	if (cfg->oas > (mtk ? 35u : 32u))
		return NULL;
	if (cfg->quirks & ~V7S_ALL_QUIRKS)
		return NULL;
	/* MediaTek's 4 GB mode comes with no permission bits. */
	if (mtk && !(cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS))
		return NULL;
	if ((cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT) && !mtk)
		return NULL;

	mem = lab_v7s_mem_init(cfg, table_bytes(2, cfg));
	if (!mem)
		return NULL;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d) {
		lab_v7s_mem_free(mem);
		return NULL;
	}
	d->mem = mem;
	for (unsigned int i = 0; i < V7S_SEEN_SETS; i++)
		d->seen[i][0].pfn = d->seen[i][1].pfn = V7S_NO_PFN;
	d->iop.ops = (struct io_pgtable_ops) {
		.map		= v7s_map_one,
		.map_pages	= v7s_map_pages,
		.unmap		= v7s_unmap_one,
		.unmap_pages	= v7s_unmap_pages,
		.iova_to_phys	= v7s_iova_to_phys,
	};
	d->iop.cfg = *cfg;	/* v7s_alloc_table() reads it */

	/* Supersections only if the driver asked for SZ_16M. */
	cfg->pgsize_bitmap &= SZ_4K | SZ_64K | SZ_1M | SZ_16M;
	cfg->arm_v7s_cfg.tcr = 0;
	/* TEX remap indices 1 (device), 4 and 7 (normal, 7 cacheable). */
	cfg->arm_v7s_cfg.prrr = V7S_PRRR_TR(1, V7S_PRRR_DEVICE) |
				V7S_PRRR_TR(4, V7S_PRRR_NORMAL) |
				V7S_PRRR_TR(7, V7S_PRRR_NORMAL) |
				V7S_PRRR_DS0 | V7S_PRRR_DS1 | V7S_PRRR_NS1 |
				V7S_PRRR_NOS(7);
	cfg->arm_v7s_cfg.nmrr = V7S_NMRR_IR(7, V7S_RGN_WBWA) |
				V7S_NMRR_OR(7, V7S_RGN_WBWA);

	if (v7s_alloc_table(d, 1, GFP_KERNEL, &d->pgd)) {
		lab_v7s_mem_free(mem);
		kfree(d);
		return NULL;
	}
	pa = d->pgd;
	if (mtk)
		cfg->arm_v7s_cfg.ttbr = (u32)pa | (u32)(pa >> 32);
	else if (cfg->coherent_walk)
		cfg->arm_v7s_cfg.ttbr = (u32)pa | V7S_TTBR_S | V7S_TTBR_NOS |
					V7S_TTBR_IRGN(V7S_RGN_WBWA) |
					V7S_TTBR_ORGN(V7S_RGN_WBWA);
	else
		cfg->arm_v7s_cfg.ttbr = (u32)pa | V7S_TTBR_S |
					V7S_TTBR_IRGN(V7S_RGN_NC) |
					V7S_TTBR_ORGN(V7S_RGN_NC);
	return &d->iop;
}

/* Frees every level-2 table the level-1 table points to, then level 1. */
static void v7s_free_pgtable(struct io_pgtable *iop)
{
	struct v7s_pgtable *d = container_of(iop, struct v7s_pgtable, iop);
	const struct io_pgtable_cfg *cfg = &d->iop.cfg;

	for (unsigned int i = 0; i < lvl_entries(1, cfg); i++) {
		u32 pte = pte_get(d, d->pgd + (phys_addr_t)i * V7S_PTE_SIZE);

		if (pte_is_table(pte, 1))
			v7s_free_table(d, 2, pte_to_pa(pte, 1, cfg));
	}
	v7s_free_table(d, 1, d->pgd);
	lab_v7s_mem_free(d->mem);
	kfree(d);
}

struct io_pgtable_init_fns io_pgtable_arm_v7s_init_fns = {
	.alloc	= v7s_alloc_pgtable,
	.free	= v7s_free_pgtable,
};
