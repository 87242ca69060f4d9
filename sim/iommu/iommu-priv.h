/*
 * Functions the IOMMU core's files share with each other and nobody else.
 */
#ifndef SIM_IOMMU_PRIV_H
#define SIM_IOMMU_PRIV_H

#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>

/* The default domain type from the boot parameters and the era. */
unsigned int iommu_def_domain_type(struct sim *sim);
/*
 * Allocates a domain of @type from @ops, names it @name (NULL: the next
 * domN) and traces it, saying what it is @for.
 */
struct iommu_domain *__iommu_domain_alloc_named(struct sim *sim,
						const struct iommu_ops *ops,
						unsigned int type,
						const char *name, const char *why);
static inline struct iommu_domain *__iommu_domain_alloc(struct sim *sim,
						const struct iommu_ops *ops,
						unsigned int type, const char *why)
{
	return __iommu_domain_alloc_named(sim, ops, type, NULL, why);
}
/* Gives @group a default domain of @type, or of DMA type if the driver has none. */
int iommu_group_alloc_default_domain(struct iommu_group *group,
				     unsigned int type);
/* Allocates @group's default domain for @dev (iommu_alloc_default_domain). */
int iommu_alloc_default_domain(struct iommu_group *group, struct device *dev);
/* The group's default domain from every member's preference (bus probe). */
void probe_alloc_default_domain(struct iommu_group *group);

/* attach_deferred.c: one device's attach and detach, and the deferral's mark. */
/* attach_dev for @dev; a success ends a deferred attach. */
int __iommu_attach_device(struct iommu_domain *domain, struct device *dev);
/* detach_dev for @dev, deferred or not. */
void __iommu_detach_device(struct iommu_domain *domain, struct device *dev);
/*
 * The first attach of a device linked to its group's domain (v6.2): left
 * for the DMA API, and marked, when the driver says it is deferred.
 */
int iommu_group_do_dma_first_attach(struct device *dev,
				    struct iommu_domain *domain);
/* Whether @dev's driver says its attach is deferred (is_attach_deferred). */
bool iommu_is_attach_deferred(struct device *dev);
/*
 * The driver's attach_dev and detach_dev as the simulator runs them:
 * fault injection, the trace events and what the device translates
 * through.  0 or the errno; detach returns nothing.
 */
int iommu_run_attach_dev(struct iommu_domain *domain, struct device *dev);
void iommu_run_detach_dev(struct iommu_domain *domain, struct device *dev);
int __iommu_attach_group(struct iommu_domain *domain, struct iommu_group *group);
int __iommu_group_set_domain(struct iommu_group *group,
			     struct iommu_domain *new_domain);
void __iommu_group_set_core_domain(struct iommu_group *group);
int __iommu_group_for_each_dev(struct iommu_group *group, void *data,
			       int (*fn)(struct device *dev, void *data));

/*
 * Reports a use of @domain after iommu_domain_free(), the way KASAN would,
 * and returns true; false when the domain is live.
 */
bool iommu_domain_check_freed(struct iommu_domain *domain, struct device *dev,
			      const char *site);

/* Gives a freed domain back to its driver once nothing uses it. */
void domain_quarantine_release(struct iommu_domain *domain);

/* iotlb_unflushed.c: the ranges unmapped and not yet invalidated. */
/* Records [@iova, @iova + @size) as unmapped by iommu_unmap_fast(). */
void iommu_unflushed_add(struct iommu_domain *domain, unsigned long iova,
			 size_t size, bool queued);
/* Forgets what an invalidation of [@start, @last] covers. */
void iommu_unflushed_clear(struct iommu_domain *domain, unsigned long start,
			   unsigned long last);
void iommu_unflushed_free(struct iommu_domain *domain);

/* Lets VFIO drop every group with a device behind @iommu. */
void iommu_vfio_release_iommu(struct sim *sim, struct iommu_device *iommu);
/* Frees every domain @ops allocated (its last instance is going); NULL: all. */
void iommu_free_domains_of(struct sim *sim, const struct iommu_ops *ops);

#endif
