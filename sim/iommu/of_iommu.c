/*
 * Device-tree glue between masters and their IOMMU
 * (drivers/iommu/of_iommu.c): "iommus" for platform devices, the host
 * bridge's "iommu-map" for PCI functions, deferral while the IOMMU is
 * declared but has no driver registered yet.
 */
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/iommu.h>
#include <sim/of.h>
#include <sim/sim.h>

/* Positive: no IOMMU for this master, or one that cannot be used. */
#define NO_IOMMU	1

/*
 * Whether the kernel has a driver for IOMMU @np: v4.12 matched it against
 * __iommu_of_table, the IOMMU_OF_DECLARE() entries of the IOMMU drivers
 * built in, which the machine gives as sim->iommu_of_table.
 */
static bool of_iommu_driver_present(struct sim *sim, const struct device_node *np)
{
	for (const struct sim_module *const *mod = sim->iommu_of_table; mod && *mod; mod++)
		if (of_match_node((*mod)->driver->of_match_table, np))
			return true;
	return false;
}

/*
 * The IOMMU is declared but not registered.  Before v4.12 a master never
 * waited: it got direct DMA.  v4.12 waited only for an IOMMU some driver
 * could handle, with no timeout; since v4.19 an optional IOMMU stops being
 * waited for when the deferred-probe timeout expires.
 */
static int of_iommu_missing(struct device *dev, struct device_node *np)
{
	const char *name = np->label ? np->label : np->path;
	int ret;

	switch (sim_era(dev->sim)->iommu_missing) {
	case ERA_MISSING_DIRECT:
		trace_iommu_missing(dev, name, sim_era(dev->sim)->name);
		return NO_IOMMU;
	case ERA_MISSING_DEFER_DECLARED:
		if (!of_iommu_driver_present(dev->sim, np))
			return NO_IOMMU;
		ret = -EPROBE_DEFER;
		break;
	default:
		ret = driver_deferred_probe_check_state(dev);
		break;
	}
	/* The kernel records no reason here; the simulator names the IOMMU. */
	if (ret == -EPROBE_DEFER)
		dev_err_probe(dev, ret, "iommu '%s' not registered", name);
	return ret;
}

static int of_iommu_xlate(struct device *dev, struct of_phandle_args *spec)
{
	struct sim *sim = dev->sim;
	struct fwnode_handle *fwnode = of_fwnode_handle(spec->np);
	const struct iommu_ops *ops = iommu_ops_from_fwnode(fwnode);
	int ret;

	if ((ops && !ops->of_xlate) || !of_device_is_available(spec->np))
		return NO_IOMMU;

	ret = iommu_fwspec_init(dev, fwnode, ops);
	if (ret)
		return ret;
	if (!ops)
		return of_iommu_missing(dev, spec->np);
	ret = should_fail_callback(sim, FAIL_OF_XLATE, dev_name(dev));
	if (ret)
		return ret;
	dev->iommu->xlate_seq = iommu_device_from_fwnode(sim, spec->np)->seq;
	return ops->of_xlate(dev, spec);
}

/*
 * Each "iommus" entry in turn, up to the first that is empty, malformed or
 * refused.  6.1 asks of_parse_phandle_with_args() for entry idx, reading
 * the list from its start each time: quadratic in the number of entries.
 * The iterator visits the same entries in the same order, once each.
 */
static int of_iommu_configure_dev(struct device *dev, struct device_node *np)
{
	struct of_phandle_iterator it;
	struct of_phandle_args spec;
	int ret, err = NO_IOMMU;

	of_for_each_phandle(&it, ret, np, "iommus", "#iommu-cells", 0) {
		if (of_phandle_iterator_args(&it, &spec))
			break;
		err = of_iommu_xlate(dev, &spec);
		if (err)
			break;
	}
	return err;
}

const struct iommu_ops *of_iommu_configure(struct device *dev,
					   struct device_node *master_np,
					   const u32 *id)
{
	struct iommu_fwspec *fwspec;
	const struct iommu_ops *ops = NULL;
	int err;

	if (!master_np)
		return NULL;

	fwspec = dev_iommu_fwspec_get(dev);
	if (fwspec) {
		if (fwspec->ops)
			return fwspec->ops;
		/* A retry after deferral starts from scratch. */
		iommu_fwspec_free(dev);
	}

	if (id) {
		struct of_phandle_args spec = { .args_count = 1 };

		err = of_map_id(master_np, *id, "iommu-map", "iommu-map-mask",
				&spec.np, spec.args);
		if (err)
			err = err == -ENODEV ? NO_IOMMU : err;
		else
			err = of_iommu_xlate(dev, &spec);
	} else {
		err = of_iommu_configure_dev(dev, master_np);
	}

	if (!err)
		ops = dev_iommu_fwspec_get(dev)->ops;
	if (!err && !device_iommu_mapped(dev))
		err = iommu_probe_device(dev);

	if (err == -EPROBE_DEFER)
		return ERR_PTR(err);
	if (err < 0) {
		trace_iommu_configure_fail(dev, err);
		return NULL;
	}
	return err ? NULL : ops;
}
