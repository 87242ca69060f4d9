/*
 * What an IOMMU group holds (drivers/iommu/iommu.c keeps this private; the
 * simulator shows it to the console, the graph and the tests, read-only).
 */
#ifndef SIM_IOMMU_GROUP_H
#define SIM_IOMMU_GROUP_H

#include <sim/list.h>

struct sim;
struct device;
struct iommu_domain;

struct iommu_group {
	int id;
	struct list_head devices;		/* struct group_device, add order */
	struct iommu_domain *default_domain;
	struct iommu_domain *blocking_domain;
	struct iommu_domain *domain;		/* what the group is attached to */
	void *owner;				/* DMA owner (VFIO), or NULL */
	unsigned int owner_cnt;
	void *iommu_data;
	void (*iommu_data_release)(void *iommu_data);
	struct list_head entry;			/* bus_iommu_probe's to-do list */
	unsigned int refcount;
	struct sim *sim;
	struct list_head sim_node;		/* sim->groups, by id */
};

struct group_device {
	struct list_head list;
	struct device *dev;
};

/* The group numbered @id, or NULL. */
struct iommu_group *sim_iommu_group_by_id(struct sim *sim, int id);
/* The domain named @name (freed ones excluded), or NULL. */
struct iommu_domain *sim_iommu_domain_by_name(struct sim *sim, const char *name);
/* The group's device count. */
unsigned int iommu_group_device_count(struct iommu_group *group);

#endif
