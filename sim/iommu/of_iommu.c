/*
 * Device-tree glue between masters and their IOMMU
 * (drivers/iommu/of_iommu.c): "iommus" for platform devices, the host
 * bridge's "iommu-map" for PCI functions, deferral while the IOMMU is
 * declared but has no driver registered yet.
 */
#include <sim/board.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/iommu.h>
#include <sim/of.h>
#include <sim/sim.h>

/* Positive: no IOMMU for this master, or one that cannot be used. */
#define NO_IOMMU	1

/* Whether some built-in driver handles @np (v4.12's IOMMU_OF_DECLARE table). */
static bool of_iommu_driver_present(const struct device_node *np)
{
	for (size_t i = 0; i < sim_builtin_driver_count; i++)
		if (of_match_node(sim_builtin_drivers[i]->driver->of_match_table, np))
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

	if (dev->sim->era == ERA_V4_4) {
		trace_iommu_missing(dev, name);
		return NO_IOMMU;
	}
	if (dev->sim->era == ERA_V4_12) {
		if (!of_iommu_driver_present(np))
			return NO_IOMMU;
		ret = -EPROBE_DEFER;
	} else {
		ret = driver_deferred_probe_check_state(dev);
	}
	/* The kernel records no reason here; the simulator names the IOMMU. */
	if (ret == -EPROBE_DEFER)
		dev_err_probe(dev, ret, "iommu '%s' not registered", name);
	return ret;
}

static int of_iommu_xlate(struct device *dev, struct of_phandle_args *spec)
{
	struct sim *sim = dev->sim;
	const struct iommu_ops *ops = iommu_ops_from_fwnode(spec->np);
	int ret;

	if ((ops && !ops->of_xlate) || !of_device_is_available(spec->np))
		return NO_IOMMU;

	ret = iommu_fwspec_init(dev, spec->np, ops);
	if (ret)
		return ret;
	if (!ops)
		return of_iommu_missing(dev, spec->np);
	ret = should_fail_callback(sim, FAIL_OF_XLATE, dev);
	if (ret)
		return ret;
	dev->iommu->xlate_seq = iommu_device_from_fwnode(sim, spec->np)->seq;
	return ops->of_xlate(dev, spec);
}

int of_map_iommu_id(const struct device_node *bridge, u32 rid,
		    struct of_phandle_args *out)
{
	int len, cells;
	const void *map = of_get_property(bridge, "iommu-map", &len);

	if (!map)
		return NO_IOMMU;
	cells = len / 4;
	for (int i = 0; i + 4 <= cells; i += 4) {
		u32 rid_base, phandle, id_base, length;
		struct device_node *np;

		of_property_read_u32_index(bridge, "iommu-map", i, &rid_base);
		of_property_read_u32_index(bridge, "iommu-map", i + 1, &phandle);
		of_property_read_u32_index(bridge, "iommu-map", i + 2, &id_base);
		of_property_read_u32_index(bridge, "iommu-map", i + 3, &length);
		if (rid < rid_base || rid - rid_base >= length)
			continue;
		np = of_find_node_by_phandle(bridge->tree, phandle);
		if (!np)
			return -EINVAL;
		out->np = np;
		out->args_count = 1;
		out->args[0] = id_base + (rid - rid_base);
		return 0;
	}
	return NO_IOMMU;
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
		struct of_phandle_args spec;

		err = of_map_iommu_id(master_np, *id, &spec);
		if (!err)
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
