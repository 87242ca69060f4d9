/*
 * The IOMMU core: registering IOMMU instances, firmware specs, and handing
 * devices to their IOMMU driver (drivers/iommu/iommu.c).
 */
#include <stdlib.h>
#include <string.h>

#include <sim/err.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/of.h>
#include <sim/sim.h>

static struct dev_iommu *dev_iommu_get(struct device *dev)
{
	if (!dev->iommu)
		dev->iommu = calloc(1, sizeof(*dev->iommu));
	return dev->iommu;
}

static void dev_iommu_free(struct device *dev)
{
	if (!dev->iommu)
		return;
	free(dev->iommu->fwspec);
	free(dev->iommu);
	dev->iommu = NULL;
}

const struct iommu_ops *iommu_ops_from_fwnode(struct sim *sim,
					      const struct device_node *np)
{
	struct iommu_device *iommu;

	list_for_each_entry(iommu, &sim->iommus, list)
		if (iommu->fwnode == np)
			return iommu->ops;
	return NULL;
}

/* Offers every device of the machine to the IOMMU just registered. */
static void bus_iommu_probe(struct sim *sim)
{
	struct device *dev;

	list_for_each_entry(dev, &sim->devices, sim_node)
		if (dev_iommu_fwspec_get(dev) && !device_iommu_mapped(dev))
			iommu_probe_device(dev);
}

int iommu_device_register(struct sim *sim, struct iommu_device *iommu,
			  const struct iommu_ops *ops, struct device *hwdev)
{
	struct iommu_device *other;

	/* Linux 6.1 allows one IOMMU driver per machine. */
	list_for_each_entry(other, &sim->iommus, list)
		if (other->ops != ops)
			return -EBUSY;

	iommu->ops = ops;
	iommu->sim = sim;
	iommu->dev = hwdev;
	iommu->fwnode = hwdev ? hwdev->of_node : NULL;
	list_add_tail(&iommu->list, &sim->iommus);
	sim_trace(sim, "iommu_register", "dev=%s ops=%s",
		  hwdev ? dev_name(hwdev) : "-", ops->name);
	bus_iommu_probe(sim);
	return 0;
}

void iommu_device_unregister(struct iommu_device *iommu)
{
	struct device *dev;

	list_for_each_entry(dev, &iommu->sim->devices, sim_node)
		if (dev->iommu && dev->iommu->iommu_dev == iommu)
			iommu_release_device(dev);
	list_del_init(&iommu->list);
	sim_trace(iommu->sim, "iommu_unregister", "dev=%s",
		  iommu->dev ? dev_name(iommu->dev) : "-");
}

int iommu_fwspec_init(struct device *dev, struct device_node *iommu_fwnode,
		      const struct iommu_ops *ops)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);

	if (fwspec)
		return ops == fwspec->ops ? 0 : -EINVAL;
	if (!dev_iommu_get(dev))
		return -ENOMEM;
	fwspec = calloc(1, sizeof(*fwspec));
	if (!fwspec)
		return -ENOMEM;
	fwspec->iommu_fwnode = iommu_fwnode;
	fwspec->ops = ops;
	dev->iommu->fwspec = fwspec;
	return 0;
}

int iommu_fwspec_add_ids(struct device *dev, const u32 *ids, int num_ids)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct iommu_fwspec *grown;
	unsigned int n;

	if (!fwspec)
		return -EINVAL;
	n = fwspec->num_ids + num_ids;
	grown = realloc(fwspec, sizeof(*fwspec) + n * sizeof(u32));
	if (!grown)
		return -ENOMEM;
	memcpy(&grown->ids[grown->num_ids], ids, num_ids * sizeof(u32));
	grown->num_ids = n;
	dev->iommu->fwspec = grown;
	return 0;
}

void iommu_fwspec_free(struct device *dev)
{
	if (!dev->iommu)
		return;
	free(dev->iommu->fwspec);
	dev->iommu->fwspec = NULL;
}

bool device_iommu_mapped(struct device *dev)
{
	return dev->iommu && dev->iommu->iommu_dev;
}

int iommu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	const struct iommu_ops *ops = fwspec ? fwspec->ops : NULL;
	struct iommu_device *iommu_dev;

	if (!ops)
		return -ENODEV;
	iommu_dev = ops->probe_device(dev);
	if (IS_ERR(iommu_dev)) {
		int ret = PTR_ERR(iommu_dev);

		sim_trace(dev->sim, "probe_device", "dev=%s ret=%s",
			  dev_name(dev), sim_errname(ret));
		return ret;
	}
	dev->iommu->iommu_dev = iommu_dev;
	sim_trace(dev->sim, "probe_device", "dev=%s iommu=%s ret=0",
		  dev_name(dev), iommu_dev->dev ? dev_name(iommu_dev->dev) : "-");
	return 0;
}

void iommu_release_device(struct device *dev)
{
	const struct iommu_ops *ops;

	if (!dev->iommu)
		return;
	ops = dev->iommu->fwspec ? dev->iommu->fwspec->ops : NULL;
	if (dev->iommu->iommu_dev && ops && ops->release_device)
		ops->release_device(dev);
	dev_iommu_free(dev);
	dev->dma_ops = DMA_OPS_NONE;
}
