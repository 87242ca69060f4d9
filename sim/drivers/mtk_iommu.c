/*
 * The MediaTek M4U IOMMU driver (drivers/iommu/mtk_iommu.c), mt8173
 * flavour: it finds its SMI larbs from "mediatek,larbs" and waits for them
 * to probe, registers with the IOMMU core, and takes every master whose
 * "iommus" ports all sit behind one larb.
 */
#include <stdlib.h>

#include <sim/err.h>
#include <sim/errno.h>
#include <sim/gfp.h>
#include <sim/irq.h>
#include <sim/mem.h>
#include <sim/of.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include "mtk_iommu.h"

static const struct mtk_iommu_plat_data mt8173_data = {
	.name = "mt8173",
	.flags = HAS_4GB_MODE | HAS_BCLK | RESET_AXI | HAS_LEGACY_IVRP_PADDR |
		 TF_PORT_TO_ADDR_MT8173,
	.larb_nr_ports = { 8, 10, 21, 15, 6, 9 },
};

static int mtk_iommu_of_xlate(struct device *dev, struct of_phandle_args *args)
{
	struct device *m4udev;

	if (args->args_count != 1) {
		sim_trace(dev->sim, "of_xlate", "dev=%s ret=-EINVAL cells=%d",
			  dev_name(dev), args->args_count);
		return -EINVAL;
	}
	if (!dev_iommu_priv_get(dev)) {
		m4udev = args->np->dev;
		if (!m4udev || !dev_get_drvdata(m4udev))
			return -EINVAL;
		dev_iommu_priv_set(dev, dev_get_drvdata(m4udev));
	}
	sim_trace(dev->sim, "of_xlate", "dev=%s id=0x%x", dev_name(dev),
		  args->args[0]);
	return iommu_fwspec_add_ids(dev, args->args, 1);
}

static struct iommu_device *mtk_iommu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct iommu_device *iommu;
	struct mtk_iommu_data *data;
	struct device *larbdev;
	unsigned int larbid;

	if (!fwspec || fwspec->ops != &mtk_iommu_ops)
		return ERR_PTR(-ENODEV);	/* not an M4U master */
	data = dev_iommu_priv_get(dev);
	/*
	 * 6.1's of_iommu_configure() keeps the fwspec a failed of_xlate
	 * left, with no IDs and no driver data, and bus_iommu_probe() hands
	 * it here when the M4U registers again: 6.1 dereferences the NULL
	 * data.  The simulator reports the oops and leaves the device alone.
	 */
	if (!data || !fwspec->num_ids) {
		sim_printk(dev->sim, "Unable to handle kernel NULL pointer dereference in mtk_iommu_probe_device (%s)",
			   dev_name(dev));
		sim_trace(dev->sim, "BUG", "oops=null-pointer-dereference site=mtk_iommu_probe_device dev=%s",
			  dev_name(dev));
		return ERR_PTR(-EFAULT);
	}
	/*
	 * A failed of_xlate past the first ID (an allocation failing in
	 * iommu_fwspec_add_ids()) keeps both the IDs added and the driver
	 * data of the M4U instance of that time.  Once that instance has
	 * been unbound its data is freed, and 6.1 reads it here when the
	 * M4U registers again: the simulator reports the use-after-free,
	 * as KASAN would, instead of making it.
	 */
	iommu = iommu_device_from_fwnode(dev->sim, fwspec->iommu_fwnode);
	if (!iommu || data != container_of(iommu, struct mtk_iommu_data, iommu)) {
		sim_printk(dev->sim, "BUG: KASAN: use-after-free in mtk_iommu_probe_device (%s)",
			   dev_name(dev));
		sim_trace(dev->sim, "BUG", "kasan=use-after-free site=mtk_iommu_probe_device dev=%s",
			  dev_name(dev));
		return ERR_PTR(-EFAULT);
	}

	/* Every port of one master must sit behind the same larb. */
	larbid = MTK_M4U_TO_LARB(fwspec->ids[0]);
	for (unsigned int i = 1; i < fwspec->num_ids; i++) {
		if (MTK_M4U_TO_LARB(fwspec->ids[i]) != larbid) {
			sim_trace(dev->sim, "mtk_iommu_error",
				  "dev=%s msg=\"can only use one larb, fail@larb%u-%u\"",
				  dev_name(dev), larbid,
				  MTK_M4U_TO_LARB(fwspec->ids[i]));
			return ERR_PTR(-EINVAL);
		}
	}
	larbdev = data->larb_imu[larbid].dev;
	if (!larbdev)
		return ERR_PTR(-EINVAL);
	device_link_add(dev, larbdev, DL_FLAG_PM_RUNTIME | DL_FLAG_STATELESS);
	return &data->iommu;
}

static void mtk_iommu_release_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);
	struct device *larbdev;

	larbdev = data->larb_imu[MTK_M4U_TO_LARB(fwspec->ids[0])].dev;
	if (larbdev)
		device_link_remove(dev, larbdev);
}

const struct iommu_ops mtk_iommu_ops = {
	.name = "mtk-iommu",
	.domain_alloc = mtk_iommu_domain_alloc,
	.probe_device = mtk_iommu_probe_device,
	.release_device = mtk_iommu_release_device,
	.device_group = mtk_iommu_device_group,
	.of_xlate = mtk_iommu_of_xlate,
	.default_domain_ops = &mtk_iommu_domain_ops,
	.pgsize_bitmap = SZ_4K | SZ_64K | SZ_1M | SZ_16M,
};

/*
 * 4 GB mode: with DRAM reaching past 4 GiB the M4U addresses it through
 * the alias at 4 GiB (the kernel reads the board's DDR setting; the
 * simulator asks its memory).
 */
static bool mtk_iommu_dram_above_4g(struct sim *sim)
{
	return sim_mem_ram_end(sim->mem) > SZ_4G;
}

/* Drops the references dts_parse took on the larbs and the smi-common. */
static void mtk_iommu_put_devices(struct mtk_iommu_data *data)
{
	for (int i = 0; i < MTK_LARB_NR_MAX; i++) {
		put_device(data->larb_imu[i].dev);
		data->larb_imu[i].dev = NULL;
	}
	put_device(data->smicomm_dev);
	data->smicomm_dev = NULL;
}

/*
 * Finds the larbs and their smi-common; -EPROBE_DEFER until larbs probe.
 * Each device found is held by a reference (of_find_device_by_node()), so
 * a larb deleted under the M4U leaves it a device that is no longer
 * registered, never freed memory.  On failure the caller drops them.
 */
static int mtk_iommu_mm_dts_parse(struct device *dev, struct mtk_iommu_data *data)
{
	struct device_node *first_common = NULL;
	int larb_nr;

	larb_nr = of_count_phandle_with_args(dev->of_node,
					     "mediatek,larbs", NULL);
	if (larb_nr < 0)
		return larb_nr;
	if (larb_nr == 0 || larb_nr > MTK_LARB_NR_MAX)
		return -EINVAL;

	for (int i = 0; i < larb_nr; i++) {
		struct device_node *larbnode, *common;
		struct device *larbdev;
		u32 id;

		larbnode = of_parse_phandle(dev->of_node, "mediatek,larbs", i);
		if (!larbnode)
			return -EINVAL;
		if (!of_device_is_available(larbnode))
			continue;
		if (of_property_read_u32(larbnode, "mediatek,larb-id", &id))
			id = i;
		if (id >= MTK_LARB_NR_MAX)
			return -EINVAL;
		if (data->larb_imu[id].dev)
			return -EEXIST;
		larbdev = of_find_device_by_node(larbnode);
		if (!larbdev)
			return -ENODEV;
		data->larb_imu[id].dev = larbdev;
		if (!larbdev->driver)
			return -EPROBE_DEFER;

		/* All larbs of one M4U hang off the same smi-common. */
		common = of_parse_phandle(larbnode, "mediatek,smi", 0);
		if (!common)
			return -EINVAL;
		if (!first_common)
			first_common = common;
		else if (first_common != common)
			return -EINVAL;
	}
	if (!first_common)
		return -EINVAL;
	data->smicomm_dev = of_find_device_by_node(first_common);
	if (!data->smicomm_dev)
		return -ENODEV;
	if (!device_link_add(data->smicomm_dev, dev,
			     DL_FLAG_STATELESS | DL_FLAG_PM_RUNTIME))
		return -EINVAL;
	return 0;
}

/*
 * 6.1 binds the larbs as components of the M4U; each learns where its
 * port bits live.  Here that happens once every larb has probed.
 */
static void mtk_iommu_bind_larbs(struct mtk_iommu_data *data, bool bind)
{
	for (int i = 0; i < MTK_LARB_NR_MAX; i++) {
		struct device *larbdev = data->larb_imu[i].dev;

		if (!larbdev)
			continue;
		if (bind)
			mtk_smi_larb_bind(larbdev, &data->larb_imu[i].mmu);
		else
			mtk_smi_larb_unbind(larbdev);
	}
}

/* The M4U's registers and interrupt, and its protect buffer. */
static int mtk_iommu_map_hw(struct device *dev, struct mtk_iommu_data *data)
{
	int ret;

	data->irq = platform_get_irq(dev, 0);
	if (data->irq < 0)
		return data->irq;
	/* 6.1 takes twice the alignment from kzalloc and aligns inside it. */
	ret = alloc_pages_pa(dev->sim, dev->sim->mem, MTK_PROTECT_PA_ALIGN * 2,
			     MTK_PROTECT_PA_ALIGN * 2, &data->protect_base);
	if (ret)
		return ret;
	data->base = platform_ioremap_resource(dev, 0);
	if (IS_ERR(data->base)) {
		sim_mem_release(dev->sim->mem, data->protect_base, MTK_PROTECT_PA_ALIGN * 2);
		return PTR_ERR(data->base);
	}
	return 0;
}

static void mtk_iommu_unmap_hw(struct device *dev, struct mtk_iommu_data *data)
{
	iounmap(data->base);
	sim_mem_release(dev->sim->mem, data->protect_base, MTK_PROTECT_PA_ALIGN * 2);
}

static int mtk_iommu_probe(struct device *dev)
{
	struct mtk_iommu_data *data;
	int ret;

	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	data->dev = dev;
	data->plat_data = &mt8173_data;
	data->variant = dev->sim->params.mtk_variant;
	data->enable_4GB = mtk_iommu_dram_above_4g(dev->sim);
	ratelimit_state_init(&data->fault_rs, DEFAULT_RATELIMIT_INTERVAL,
			     DEFAULT_RATELIMIT_BURST);

	ret = mtk_iommu_map_hw(dev, data);
	if (ret)
		goto out_free;
	ret = mtk_iommu_mm_dts_parse(dev, data);
	if (ret) {
		dev_err_probe(dev, ret, "mm dts parse fail");
		goto out_put_devices;
	}
	dev_set_drvdata(dev, data);
	mtk_iommu_bind_larbs(data, true);

	ret = iommu_device_register(&data->iommu, &mtk_iommu_ops, dev);
	if (ret)
		goto out_unlink;
	return 0;

out_unlink:
	mtk_iommu_bind_larbs(data, false);
	device_link_remove(data->smicomm_dev, dev);
	dev_set_drvdata(dev, NULL);
out_put_devices:
	mtk_iommu_put_devices(data);
	mtk_iommu_unmap_hw(dev, data);
out_free:
	free(data);
	return ret;
}

static void mtk_iommu_remove(struct device *dev)
{
	struct mtk_iommu_data *data = dev_get_drvdata(dev);

	iommu_device_unregister(&data->iommu);
	mtk_iommu_bind_larbs(data, false);
	device_link_remove(data->smicomm_dev, dev);
	mtk_iommu_put_devices(data);
	devm_free_irq(dev, data->irq, data);
	mtk_iommu_unmap_hw(dev, data);
	free(data);
}

static const char *const mtk_iommu_of_ids[] = {
	"mediatek,mt8173-m4u",
	NULL
};

const struct device_driver mtk_iommu_driver = {
	.name = "mtk-iommu",
	.bus = &platform_bus_type,
	.of_match = mtk_iommu_of_ids,
	.probe = mtk_iommu_probe,
	.remove = mtk_iommu_remove,
};
