/*
 * The IOMMU core's driver-facing API, with the kernel's names
 * (include/linux/iommu.h): IOMMU instances, firmware specs filled by
 * of_xlate, per-device IOMMU data, groups, domains, the ops a driver
 * provides, and the calls that attach, map and report faults.
 */
#ifndef SIM_IOMMU_H
#define SIM_IOMMU_H

#include <sim/device.h>
#include <sim/io-pgtable.h>
#include <sim/list.h>
#include <sim/name.h>
#include <sim/types.h>

struct sim;
struct module;
struct attribute_group;
struct device_node;
struct of_phandle_args;
struct iommu_group;
struct iommu_domain;

/* Domain types, with the kernel's bit values. */
#define __IOMMU_DOMAIN_PAGING	BIT(0)	/* supports iommu_map/unmap */
#define __IOMMU_DOMAIN_DMA_API	BIT(1)	/* owned by the DMA API */
#define __IOMMU_DOMAIN_PT	BIT(2)	/* identity mapped */
#define __IOMMU_DOMAIN_DMA_FQ	BIT(3)	/* DMA API with a flush queue */

#define IOMMU_DOMAIN_BLOCKED	(0U)
#define IOMMU_DOMAIN_IDENTITY	(__IOMMU_DOMAIN_PT)
#define IOMMU_DOMAIN_UNMANAGED	(__IOMMU_DOMAIN_PAGING)
#define IOMMU_DOMAIN_DMA	(__IOMMU_DOMAIN_PAGING | __IOMMU_DOMAIN_DMA_API)
#define IOMMU_DOMAIN_DMA_FQ	(__IOMMU_DOMAIN_PAGING | __IOMMU_DOMAIN_DMA_API | \
				 __IOMMU_DOMAIN_DMA_FQ)

/* report_iommu_fault() flags */
#define IOMMU_FAULT_READ	0x0
#define IOMMU_FAULT_WRITE	0x1

/* One registered IOMMU hardware instance. */
struct iommu_device {
	struct list_head list;			/* sim->iommus */
	const struct iommu_ops *ops;
	struct device_node *fwnode;		/* the instance's DT node */
	struct device *dev;			/* the instance's device */
	struct sim *sim;
	char *name;				/* iommu_device_sysfs_add()'s */
	unsigned int seq;			/* which registration of the machine */
};

/* What firmware says about a master: which IOMMU, which stream IDs. */
struct iommu_fwspec {
	const struct iommu_ops *ops;		/* NULL while the IOMMU is missing */
	struct fwnode_handle *iommu_fwnode;
	unsigned int num_ids;
	u32 ids[];
};

/* Per-device IOMMU state (dev->iommu). */
struct dev_iommu {
	struct iommu_fwspec *fwspec;
	struct iommu_device *iommu_dev;
	void *priv;
	bool attach_deferred;			/* v6.2: first attach was deferred */
	/*
	 * Simulator: the registration (iommu_device.seq) of the IOMMU whose
	 * of_xlate ran last for the device, whose driver data @priv is.
	 */
	unsigned int xlate_seq;
	/* Simulator: the domain attach_dev last succeeded with, for checks. */
	struct iommu_domain *hw_domain;
	/* v4.4: the arm64 arch's per-device domain, which has the DMA cookie */
	struct iommu_domain *arch_domain;
};

struct iommu_domain_geometry {
	dma_addr_t aperture_start;
	dma_addr_t aperture_end;
	bool force_aperture;			/* DMA only inside the aperture */
};

typedef int (*iommu_fault_handler_t)(struct iommu_domain *domain,
				     struct device *dev, unsigned long iova,
				     int flags, void *token);

struct iommu_domain {
	unsigned int type;
	const struct iommu_domain_ops *ops;
	unsigned long pgsize_bitmap;
	iommu_fault_handler_t handler;
	void *handler_token;
	struct iommu_domain_geometry geometry;
	void *iova_cookie;			/* dma-iommu's */

	/* Simulator bookkeeping; drivers leave these alone. */
	struct sim *sim;
	const struct iommu_ops *iommu_ops;	/* the ops that allocated it */
	struct list_head sim_node;		/* sim->domains or quarantine */
	char name[SIM_NAME_MAX + 1];		/* dom0, dom1, ... or the user's */
	bool freed;				/* iommu_domain_free() has run */
	char freed_by[48];			/* who ran it: "mtk-iommu attach_dev" */
	bool fake_default;			/* v4.4's per-device arch domain */
	unsigned int in_call;			/* core calls into the driver with it */
	struct list_head unflushed;		/* struct iommu_unflushed, oldest first */
};

/*
 * Simulator bookkeeping: a range iommu_unmap_fast() took out of a
 * domain's tables whose IOTLB invalidation the core has not asked the
 * driver for yet.  An IOTLB may still hold it; the checker reads these to
 * tell a translation known to be stale from one the driver forgot.
 * iommu_iotlb_sync() and iommu_flush_iotlb_all() (a flush queue's flush
 * among them) remove what they cover.
 */
struct iommu_unflushed {
	struct list_head node;
	unsigned long start, last;		/* IOVAs, inclusive */
	bool queued;				/* a flush queue will invalidate it */
	u64 time;				/* when it was unmapped, virtual ns */
};

/* Pages and range gathered by an unmap, for one invalidation at the end. */
struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
	bool queued;				/* a flush queue will invalidate */
};

enum iommu_resv_type {
	IOMMU_RESV_DIRECT,
	IOMMU_RESV_DIRECT_RELAXABLE,
	IOMMU_RESV_RESERVED,
	IOMMU_RESV_MSI,
	IOMMU_RESV_SW_MSI,
};

struct iommu_resv_region {
	struct list_head list;
	phys_addr_t start;
	size_t length;
	int prot;
	enum iommu_resv_type type;
};

struct sim_pgtable_walk;

struct iommu_domain_ops {
	int (*attach_dev)(struct iommu_domain *domain, struct device *dev);
	/* Only for drivers without default domains (the NULL-domain path). */
	void (*detach_dev)(struct iommu_domain *domain, struct device *dev);
	/* One page per call (older drivers), or @pgcount pages. */
	int (*map)(struct iommu_domain *domain, unsigned long iova,
		   phys_addr_t paddr, size_t size, int prot, gfp_t gfp);
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap)(struct iommu_domain *domain, unsigned long iova,
			size_t size, struct iommu_iotlb_gather *iotlb_gather);
	size_t (*unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *iotlb_gather);
	void (*flush_iotlb_all)(struct iommu_domain *domain);
	void (*iotlb_sync_map)(struct iommu_domain *domain, unsigned long iova,
			       size_t size);
	void (*iotlb_sync)(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *iotlb_gather);
	phys_addr_t (*iova_to_phys)(struct iommu_domain *domain, dma_addr_t iova);
	bool (*enforce_cache_coherency)(struct iommu_domain *domain);
	void (*free)(struct iommu_domain *domain);
	/*
	 * Simulator only: the walk the hardware would do for @iova through
	 * this domain's tables, for `pgtable`.  Returns 0, -ENODEV while the
	 * domain has no tables yet, -ERANGE for an IOVA the tables cannot hold.
	 */
	int (*sim_walk)(struct iommu_domain *domain, u64 iova,
			struct sim_pgtable_walk *walk);
};

/* What ops->capable() is asked about (the two VFIO asks). */
enum iommu_cap {
	IOMMU_CAP_CACHE_COHERENCY,	/* DMA is coherent with the CPU caches */
	IOMMU_CAP_INTR_REMAP,		/* interrupts are remapped (isolated) */
};

struct iommu_ops {
	const char *name;
	/* Whether the IOMMU behind @dev has @cap; no op means no. */
	bool (*capable)(struct device *dev, enum iommu_cap cap);
	/* Returns a new domain of @type, or NULL if the driver has none. */
	struct iommu_domain *(*domain_alloc)(unsigned int type);
	/* Claims @dev: returns its iommu_device, or an ERR_PTR. */
	struct iommu_device *(*probe_device)(struct device *dev);
	/* Undoes probe_device. */
	void (*release_device)(struct device *dev);
	void (*probe_finalize)(struct device *dev);
	/* Returns @dev's group with a reference held, or an ERR_PTR. */
	struct iommu_group *(*device_group)(struct device *dev);
	void (*get_resv_regions)(struct device *dev, struct list_head *list);
	/* Adds the IDs in @args to @dev's fwspec. */
	int (*of_xlate)(struct device *dev, struct of_phandle_args *args);
	bool (*is_attach_deferred)(struct device *dev);
	/* Returns IOMMU_DOMAIN_IDENTITY or _DMA to override, 0 for no say. */
	int (*def_domain_type)(struct device *dev);
	/* v6.2: hands @dev back to the platform's DMA ops (no default domain). */
	void (*set_platform_dma_ops)(struct device *dev);
	const struct iommu_domain_ops *default_domain_ops;
	unsigned long pgsize_bitmap;
	struct module *owner;			/* NULL: built in */
};

/*
 * Adds @iommu to the machine of @hwdev (the current one when @hwdev is
 * NULL) and offers it every device already there.  Returns 0, -EBUSY when
 * another driver's ops are registered (6.1 allows one), -ENODEV with no
 * machine, or the error of the bus probe.
 */
int iommu_device_register(struct iommu_device *iommu,
			  const struct iommu_ops *ops, struct device *hwdev);
void iommu_device_unregister(struct iommu_device *iommu);
/*
 * The instance's entry in sysfs (/sys/class/iommu/NAME), named from
 * @fmt, kernel formats (%pa) included.  The simulator has no sysfs: the
 * name is kept in @iommu->name until iommu_device_sysfs_remove().
 * Returns 0 or -ENOMEM.
 */
int iommu_device_sysfs_add(struct iommu_device *iommu, struct device *parent,
			   const struct attribute_group **groups,
			   const char *fmt, ...) __printf(4, 5);
void iommu_device_sysfs_remove(struct iommu_device *iommu);
/* The ops of the IOMMU the current machine registered for @fwnode, or NULL. */
const struct iommu_ops *iommu_ops_from_fwnode(struct fwnode_handle *fwnode);
/* The registered instance whose node is @np, or NULL. */
struct iommu_device *iommu_device_from_fwnode(struct sim *sim,
					      const struct device_node *np);

int iommu_fwspec_init(struct device *dev, struct fwnode_handle *iommu_fwnode,
		      const struct iommu_ops *ops);
int iommu_fwspec_add_ids(struct device *dev, const u32 *ids, int num_ids);
void iommu_fwspec_free(struct device *dev);

/* Hands @dev to its IOMMU driver, puts it in a group, attaches; 0 or -errno. */
int iommu_probe_device(struct device *dev);
/* Undoes iommu_probe_device() and frees dev->iommu. */
void iommu_release_device(struct device *dev);
bool device_iommu_mapped(struct device *dev);

/* Groups */
/* A new group of the current machine, or ERR_PTR(-ENOMEM or -ENODEV). */
struct iommu_group *iommu_group_alloc(void);
struct iommu_group *iommu_group_get(struct device *dev);
struct iommu_group *iommu_group_ref_get(struct iommu_group *group);
void iommu_group_put(struct iommu_group *group);
int iommu_group_add_device(struct iommu_group *group, struct device *dev);
void iommu_group_remove_device(struct device *dev);
int iommu_group_id(struct iommu_group *group);
void iommu_group_set_iommudata(struct iommu_group *group, void *data,
			       void (*release)(void *data));
struct iommu_group *generic_device_group(struct device *dev);
struct iommu_group *pci_device_group(struct device *dev);
int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data));
int iommu_get_group_resv_regions(struct iommu_group *group,
				 struct list_head *head);
/*
 * DMA ownership (6.1): a driver using the DMA API counts itself in at
 * bind, through its bus's dma_configure (-EBUSY when the group has an
 * owner or is off its default domain), and out at unbind.  An owner
 * (VFIO) claims the group only while no such driver uses it (-EPERM),
 * and puts it on its blocking domain until it lets go.
 */
int iommu_device_use_default_domain(struct device *dev);
void iommu_device_unuse_default_domain(struct device *dev);
int iommu_group_claim_dma_owner(struct iommu_group *group, void *owner);
void iommu_group_release_dma_owner(struct iommu_group *group);

/* Domains */
/*
 * An unmanaged domain from the IOMMU driver of @bus on the current
 * machine, or NULL.  6.1 registers one driver's ops on every bus.
 */
struct iommu_domain *iommu_domain_alloc(const struct bus_type *bus);
/*
 * Any type, named @name (NULL: dom0, dom1, ...): what `domain alloc` uses.
 * NULL if the driver refuses the type.
 */
struct iommu_domain *iommu_domain_alloc_type(struct sim *sim,
					     const struct iommu_ops *ops,
					     unsigned int type, const char *name);
void iommu_domain_free(struct iommu_domain *domain);
void iommu_set_fault_handler(struct iommu_domain *domain,
			     iommu_fault_handler_t handler, void *token);
const char *iommu_domain_type_str(unsigned int type);
/* The kernel log's words for @type (6.1's iommu_domain_type_str()): "Translated"... */
const char *iommu_domain_type_log_str(unsigned int type);
bool iommu_is_dma_domain(const struct iommu_domain *domain);

int iommu_attach_device(struct iommu_domain *domain, struct device *dev);
void iommu_detach_device(struct iommu_domain *domain, struct device *dev);
int iommu_attach_group(struct iommu_domain *domain, struct iommu_group *group);
void iommu_detach_group(struct iommu_domain *domain, struct iommu_group *group);
int iommu_deferred_attach(struct device *dev, struct iommu_domain *domain);
struct iommu_domain *iommu_get_domain_for_dev(struct device *dev);
struct iommu_domain *iommu_get_dma_domain(struct device *dev);
/*
 * The IOVA allocator of a DMA domain's cookie, for the console's `iova
 * show`: NULL when @domain has no cookie or its allocator is not set up yet.
 */
struct iova_domain;
struct iova_domain *sim_iommu_dma_iovad(struct iommu_domain *domain);

/* Mapping */
/*
 * Maps each entry of @sg (their lengths already whole pages) one after the
 * other from @iova, merging physically contiguous entries.  Returns the
 * bytes mapped, or -errno with nothing left mapped.
 */
struct scatterlist;
ssize_t iommu_map_sg(struct iommu_domain *domain, unsigned long iova,
		     struct scatterlist *sg, unsigned int nents, int prot);
int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot);
size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size);
size_t iommu_unmap_fast(struct iommu_domain *domain, unsigned long iova,
			size_t size, struct iommu_iotlb_gather *iotlb_gather);
phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova);
void iommu_flush_iotlb_all(struct iommu_domain *domain);
void iommu_iotlb_sync(struct iommu_domain *domain,
		      struct iommu_iotlb_gather *iotlb_gather);
/* The page size iommu_map() would use next, and how many of it. */
size_t iommu_pgsize(struct iommu_domain *domain, unsigned long iova,
		    phys_addr_t paddr, size_t size, size_t *count);

int report_iommu_fault(struct iommu_domain *domain, struct device *dev,
		       unsigned long iova, int flags);

/*
 * The walk the hardware would make for @iova through @domain's tables
 * (iommu_domain_ops.sim_walk), for `pgtable`.  Returns the op's result,
 * or -EOPNOTSUPP when the driver has none.
 */
int iommu_domain_sim_walk(struct iommu_domain *domain, u64 iova,
			  struct sim_pgtable_walk *walk);

/* A region for a get_resv_regions list; NULL if out of memory. */
struct iommu_resv_region *iommu_alloc_resv_region(phys_addr_t start,
						  size_t length, int prot,
						  enum iommu_resv_type type,
						  gfp_t gfp);
void iommu_get_resv_regions(struct device *dev, struct list_head *list);
void iommu_put_resv_regions(struct device *dev, struct list_head *list);

/* Why a domain cannot serve a device (VT-d's prepare_domain_attach_device()). */
enum iommu_incompatible {
	IOMMU_INCOMPATIBLE_SNOOP,	/* enforces snooping the unit lacks */
	IOMMU_INCOMPATIBLE_WIDTH,	/* maps above the unit's address width */
};

/*
 * The errno a driver returns when a domain cannot serve a device, for
 * @why, in the machine's era (the era table's attach_incompatible): 6.1's
 * -EOPNOTSUPP or -EFAULT, the 2022 proposal's -EMEDIUMTYPE in v5.19,
 * 6.3's -EINVAL in v6.2.  0 where the era has no such refusal.
 */
int iommu_incompatible_errno(struct sim *sim, enum iommu_incompatible why);

/*
 * DT glue (drivers/iommu/of_iommu.c): finds @dev's IOMMU from the
 * "iommus" (or the host bridge's "iommu-map") property of @master_np.
 * Returns the IOMMU's ops, NULL for direct DMA, or ERR_PTR(-EPROBE_DEFER)
 * while the IOMMU is declared but not registered.
 */
const struct iommu_ops *of_iommu_configure(struct device *dev,
					   struct device_node *master_np,
					   const u32 *id);

/*
 * Gives dma-iommu's ops to @dev if its default domain is a DMA domain and
 * its IOVA space can be set up for [@dma_base, @dma_limit]; else it keeps
 * none, dma-direct.
 */
void iommu_setup_dma_ops(struct device *dev, u64 dma_base, u64 dma_limit);

/*
 * The IOMMU core's start on a new machine (iommu_subsys_init()): it
 * listens to the platform and PCI buses' notifiers, and gives the driver
 * core its part in DMA configuration (dma-map-ops.h).
 */
void iommu_subsys_init(struct sim *sim);
/* Its boot lines ("iommu: Default domain type: ..."), once the board's params are set. */
void iommu_subsys_log(struct sim *sim);

/* Drops every group, domain and container of @sim (board teardown). */
void iommu_sim_teardown(struct sim *sim);

static inline struct iommu_fwspec *dev_iommu_fwspec_get(struct device *dev)
{
	return dev->iommu ? dev->iommu->fwspec : NULL;
}

static inline void *dev_iommu_priv_get(struct device *dev)
{
	return dev->iommu ? dev->iommu->priv : NULL;
}

static inline void dev_iommu_priv_set(struct device *dev, void *priv)
{
	dev->iommu->priv = priv;
}

static inline const struct iommu_ops *dev_iommu_ops(struct device *dev)
{
	return dev->iommu && dev->iommu->iommu_dev ?
	       dev->iommu->iommu_dev->ops : NULL;
}

static inline void iommu_iotlb_gather_init(struct iommu_iotlb_gather *gather)
{
	*gather = (struct iommu_iotlb_gather) { .start = ~0UL };
}

static inline void iommu_iotlb_gather_add_range(struct iommu_iotlb_gather *gather,
						unsigned long iova, size_t size)
{
	unsigned long end = iova + size - 1;

	if (gather->start > iova)
		gather->start = iova;
	if (gather->end < end)
		gather->end = end;
}

static inline bool iommu_iotlb_gather_is_disjoint(struct iommu_iotlb_gather *gather,
						  unsigned long iova, size_t size)
{
	unsigned long start = iova, end = start + size - 1;

	return gather->end != 0 &&
	       (end + 1 < gather->start || start > gather->end + 1);
}

/*
 * Adds one unmapped page; a page of another size, or one that does not
 * touch the gathered range, syncs what was gathered first.
 */
static inline void iommu_iotlb_gather_add_page(struct iommu_domain *domain,
					       struct iommu_iotlb_gather *gather,
					       unsigned long iova, size_t size)
{
	if ((gather->pgsize && gather->pgsize != size) ||
	    iommu_iotlb_gather_is_disjoint(gather, iova, size))
		iommu_iotlb_sync(domain, gather);
	gather->pgsize = size;
	iommu_iotlb_gather_add_range(gather, iova, size);
}

#endif
