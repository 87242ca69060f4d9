/*
 * The IOMMU core's driver-facing API, with the kernel's names: IOMMU
 * instances, firmware specs filled by of_xlate, per-device IOMMU data and
 * the ops a driver provides.
 */
#ifndef SIM_IOMMU_H
#define SIM_IOMMU_H

#include <sim/device.h>
#include <sim/list.h>
#include <sim/types.h>

struct sim;
struct device;
struct device_node;
struct of_phandle_args;
struct iommu_group;

/* One registered IOMMU hardware instance. */
struct iommu_device {
	struct list_head list;			/* sim->iommus */
	const struct iommu_ops *ops;
	struct device_node *fwnode;		/* the instance's DT node */
	struct device *dev;			/* the instance's device */
	struct sim *sim;
};

/* What firmware says about a master: which IOMMU, which stream IDs. */
struct iommu_fwspec {
	const struct iommu_ops *ops;		/* NULL while the IOMMU is missing */
	struct device_node *iommu_fwnode;
	unsigned int num_ids;
	u32 ids[];
};

/* Per-device IOMMU state (dev->iommu). */
struct dev_iommu {
	struct iommu_fwspec *fwspec;
	struct iommu_device *iommu_dev;
	void *priv;
	bool attach_deferred;
};

struct iommu_ops {
	const char *name;
	/* Adds the IDs in @args to @dev's fwspec. */
	int (*of_xlate)(struct device *dev, struct of_phandle_args *args);
	/* Claims @dev: returns its iommu_device, or an ERR_PTR. */
	struct iommu_device *(*probe_device)(struct device *dev);
	/* Undoes probe_device. */
	void (*release_device)(struct device *dev);
	unsigned long pgsize_bitmap;
};

/* Adds @iommu to the machine and offers it every device already there. */
int iommu_device_register(struct sim *sim, struct iommu_device *iommu,
			  const struct iommu_ops *ops, struct device *hwdev);
void iommu_device_unregister(struct iommu_device *iommu);
/* Returns the ops of the IOMMU registered for @np, or NULL. */
const struct iommu_ops *iommu_ops_from_fwnode(struct sim *sim,
					      const struct device_node *np);

int iommu_fwspec_init(struct device *dev, struct device_node *iommu_fwnode,
		      const struct iommu_ops *ops);
int iommu_fwspec_add_ids(struct device *dev, const u32 *ids, int num_ids);
void iommu_fwspec_free(struct device *dev);

/* Hands @dev to its IOMMU driver (probe_device); 0 or -errno. */
int iommu_probe_device(struct device *dev);
/* Undoes iommu_probe_device() and frees dev->iommu. */
void iommu_release_device(struct device *dev);
bool device_iommu_mapped(struct device *dev);

/*
 * DT glue (drivers/iommu/of_iommu.c): finds @dev's IOMMU from the
 * "iommus" (or the host bridge's "iommu-map") property of @master_np.
 * Returns the IOMMU's ops, NULL for direct DMA, or ERR_PTR(-EPROBE_DEFER)
 * while the IOMMU is declared but not registered.
 */
const struct iommu_ops *of_iommu_configure(struct device *dev,
					   struct device_node *master_np,
					   const u32 *id);

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

#endif
