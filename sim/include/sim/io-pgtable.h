/*
 * Page-table formats shared by IOMMU drivers (include/linux/io-pgtable.h):
 * a driver fills an io_pgtable_cfg, gets io_pgtable_ops that map, unmap and
 * walk, and is called back through iommu_flush_ops to invalidate its TLB.
 * The tables live in simulated physical memory, where the hardware walker
 * reads them.
 */
#ifndef SIM_IO_PGTABLE_H
#define SIM_IO_PGTABLE_H

#include <sim/types.h>

struct sim;
struct device;
struct iommu_iotlb_gather;

enum io_pgtable_fmt {
	ARM_V7S,
	IO_PGTABLE_NUM_FMTS,
};

/* Quirks, with the kernel's bit numbers. */
#define IO_PGTABLE_QUIRK_ARM_NS			BIT(0)
#define IO_PGTABLE_QUIRK_NO_PERMS		BIT(1)
#define IO_PGTABLE_QUIRK_ARM_MTK_EXT		BIT(3)
#define IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT	BIT(4)

/* Protection flags for map (include/linux/iommu.h). */
#define IOMMU_READ	BIT(0)
#define IOMMU_WRITE	BIT(1)
#define IOMMU_CACHE	BIT(2)
#define IOMMU_NOEXEC	BIT(3)
#define IOMMU_MMIO	BIT(4)
#define IOMMU_PRIV	BIT(5)

struct iommu_flush_ops {
	void (*tlb_flush_all)(void *cookie);
	void (*tlb_flush_walk)(unsigned long iova, size_t size, size_t granule,
			       void *cookie);
	void (*tlb_add_page)(struct iommu_iotlb_gather *gather,
			     unsigned long iova, size_t granule, void *cookie);
};

struct io_pgtable_cfg {
	unsigned long quirks;
	unsigned long pgsize_bitmap;	/* trimmed by the format */
	unsigned int ias;		/* input (IOVA) address bits */
	unsigned int oas;		/* output (PA) address bits */
	bool coherent_walk;
	const struct iommu_flush_ops *tlb;
	/* the IOMMU's device; its machine's memory holds the tables */
	struct device *iommu_dev;

	struct {
		u32 ttbr;		/* what the driver writes to the hardware */
		u32 tcr;
		u32 nmrr;
		u32 prrr;
	} arm_v7s_cfg;
};

struct io_pgtable_ops {
	int (*map)(struct io_pgtable_ops *ops, unsigned long iova,
		   phys_addr_t paddr, size_t size, int prot, gfp_t gfp);
	int (*map_pages)(struct io_pgtable_ops *ops, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap)(struct io_pgtable_ops *ops, unsigned long iova,
			size_t size, struct iommu_iotlb_gather *gather);
	size_t (*unmap_pages)(struct io_pgtable_ops *ops, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather);
	phys_addr_t (*iova_to_phys)(struct io_pgtable_ops *ops,
				    unsigned long iova);
};

/*
 * Returns the ops of a new, empty table; NULL on a bad cfg, no memory or
 * no machine to keep it in (the one of cfg->iommu_dev, else the current).
 */
struct io_pgtable_ops *alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
					    struct io_pgtable_cfg *cfg,
					    void *cookie);
/* Flushes the whole TLB through cfg->tlb, then frees every table. */
void free_io_pgtable_ops(struct io_pgtable_ops *ops);

/*
 * For the formats and io-pgtable.c only; drivers hold just the ops.  Each
 * format embeds one struct io_pgtable; alloc_io_pgtable_ops() copies the
 * cfg the format filled in (trimmed pgsize_bitmap, ttbr, ...) into it.
 */
struct io_pgtable {
	enum io_pgtable_fmt fmt;
	void *cookie;			/* handed back to every cfg.tlb call */
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops ops;
};

static inline struct io_pgtable *io_pgtable_ops_to_pgtable(struct io_pgtable_ops *ops)
{
	return (struct io_pgtable *)((char *)ops - offsetof(struct io_pgtable, ops));
}

/* A format's constructor and destructor. */
struct io_pgtable_init_fns {
	/* Returns a new table for @cfg, filling in its outputs; NULL if refused. */
	struct io_pgtable *(*alloc)(struct io_pgtable_cfg *cfg, void *cookie);
	void (*free)(struct io_pgtable *iop);
};

extern struct io_pgtable_init_fns io_pgtable_arm_v7s_init_fns;

/* The machine whose memory a format keeps @cfg's tables in, or NULL. */
struct sim *io_pgtable_cfg_machine(const struct io_pgtable_cfg *cfg);

/* The TLB callbacks, each optional, as the formats invoke them. */
static inline void io_pgtable_tlb_flush_all(struct io_pgtable *iop)
{
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_flush_all)
		iop->cfg.tlb->tlb_flush_all(iop->cookie);
}

static inline void io_pgtable_tlb_flush_walk(struct io_pgtable *iop,
					     unsigned long iova, size_t size,
					     size_t granule)
{
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_flush_walk)
		iop->cfg.tlb->tlb_flush_walk(iova, size, granule, iop->cookie);
}

static inline void io_pgtable_tlb_add_page(struct io_pgtable *iop,
					   struct iommu_iotlb_gather *gather,
					   unsigned long iova, size_t granule)
{
	if (iop->cfg.tlb && iop->cfg.tlb->tlb_add_page)
		iop->cfg.tlb->tlb_add_page(gather, iova, granule, iop->cookie);
}

#endif
