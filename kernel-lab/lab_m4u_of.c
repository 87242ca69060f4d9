// SPDX-License-Identifier: GPL-2.0
/*
 * The M4U driver's device-tree readers (sim/drivers/mtk_iommu_of.c and
 * mtk_iommu_of_xlate.c) for x86's 6.1 kernel, which has no device tree:
 * the same functions, reading the board's platform data (struct
 * lab_m4u_pdata, lab_m4u_board.c) where the simulator reads the M4U's
 * node.  The rest of iommu_lab_m4u.ko's driver is the simulator's own
 * sim/drivers/mtk_iommu*.c.
 *
 * A master's IOMMU data.  On arm64 of_iommu_configure() hands a master's
 * "iommus" cells to of_xlate when its driver probes, once the M4U is
 * registered, and of_xlate makes the M4U's data the master's.  x86 has no
 * such moment: the board calls of_xlate as it adds a master, when the M4U
 * may not have found its larbs yet.  So the data is handed out as soon as
 * it exists: mtk_iommu_mm_dts_parse() gives it to every master described
 * before, of_xlate to those after, under one lock so that none is missed;
 * mtk_iommu_put_devices() takes it back from all of them before the M4U's
 * data is freed.
 *
 * The buses' ops.  6.1's iommu_device_register() points every bus at the
 * ops it is given and nothing points them back; before 6.1 that was
 * bus_set_iommu(bus, NULL), and the simulator's core does it when the
 * last IOMMU goes.  Without it the buses would keep pointers into a module
 * that may be unloaded, so mtk_iommu_put_devices(), which the driver calls
 * once it has unregistered (or failed to register), does it here.
 *
 * DMA ops.  arm64's arch_setup_dma_ops() gives a master dma-iommu's ops
 * when its driver probes; x86 leaves that to the IOMMU driver, as
 * intel-iommu's probe_finalize and release_device do.  The same here,
 * through the ops table's LAB_IOMMU_OPS_DMA_SETUP (compat/lab_compat.h).
 */
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/platform_device.h>

#include "mtk_iommu.h"
#include "lab_m4u.h"

static DEFINE_MUTEX(lab_m4u_of_lock);
/* The M4U that has found its larbs, until it puts them back. */
static struct mtk_iommu_data *lab_m4u_data;

/* The board's M4U is mt8173's, the first of the driver's compatibles. */
const struct mtk_iommu_plat_data *mtk_iommu_match_data(struct device *dev)
{
	return mtk_iommu_of_ids[0].data;
}

/* One "iommus" cell of a master the board is adding; args->np is unused. */
int mtk_iommu_of_xlate(struct device *dev, struct of_phandle_args *args)
{
	if (args->args_count != 1) {
		trace_mtk_iommu_of_xlate_cells(dev, args->args_count);
		return -EINVAL;
	}
	mutex_lock(&lab_m4u_of_lock);
	if (!dev_iommu_priv_get(dev) && lab_m4u_data)
		dev_iommu_priv_set(dev, lab_m4u_data);
	mutex_unlock(&lab_m4u_of_lock);

	trace_mtk_iommu_of_xlate(dev, args->args[0]);
	return iommu_fwspec_add_ids(dev, args->args, 1);
}

/* A master of the M4U's: its fwspec names the driver's ops. */
static bool lab_m4u_is_master(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);

	return fwspec && fwspec->ops == &mtk_iommu_ops;
}

static int lab_m4u_give_data(struct device *dev, void *data)
{
	if (lab_m4u_is_master(dev) && !dev_iommu_priv_get(dev))
		dev_iommu_priv_set(dev, data);
	return 0;
}

static int lab_m4u_take_data(struct device *dev, void *data)
{
	if (lab_m4u_is_master(dev) && dev_iommu_priv_get(dev) == data)
		dev_iommu_priv_set(dev, NULL);
	/* the core has let the master go: DMA goes straight to memory again */
	if (dev->dma_ops && !device_iommu_mapped(dev))
		set_dma_ops(dev, NULL);
	return 0;
}

static void lab_m4u_put_larbs(struct mtk_iommu_data *data)
{
	int i;

	for (i = 0; i < MTK_LARB_NR_MAX; i++) {
		put_device(data->larb_imu[i].dev);
		data->larb_imu[i].dev = NULL;
	}
}

/*
 * The larbs of the platform data, larb N at index N, and its smi-common,
 * each held by a reference; -EPROBE_DEFER until every larb has its driver.
 */
int mtk_iommu_mm_dts_parse(struct device *dev, struct mtk_iommu_data *data)
{
	const struct lab_m4u_pdata *pdata = dev_get_platdata(dev);
	struct device_link *link;
	unsigned int i;

	if (!pdata || !pdata->smi_common || pdata->nr_larbs == 0 ||
	    pdata->nr_larbs > MTK_LARB_NR_MAX)
		return -EINVAL;

	for (i = 0; i < pdata->nr_larbs; i++) {
		struct device *larbdev = pdata->larbs[i];

		if (!larbdev)
			continue;
		data->larb_imu[i].dev = get_device(larbdev);
		if (!READ_ONCE(larbdev->driver)) {
			lab_m4u_put_larbs(data);
			return -EPROBE_DEFER;
		}
	}

	data->smicomm_dev = get_device(pdata->smi_common);
	link = device_link_add(data->smicomm_dev, dev,
			       DL_FLAG_STATELESS | DL_FLAG_PM_RUNTIME);
	if (!link) {
		dev_err(dev, "Unable to link %s.\n", dev_name(data->smicomm_dev));
		put_device(data->smicomm_dev);
		data->smicomm_dev = NULL;
		lab_m4u_put_larbs(data);
		return -EINVAL;
	}

	mutex_lock(&lab_m4u_of_lock);
	lab_m4u_data = data;
	bus_for_each_dev(&platform_bus_type, NULL, data, lab_m4u_give_data);
	mutex_unlock(&lab_m4u_of_lock);
	return 0;
}

void mtk_iommu_put_devices(struct mtk_iommu_data *data)
{
	if (platform_bus_type.iommu_ops == &mtk_iommu_ops)
		platform_bus_type.iommu_ops = NULL;
#ifdef CONFIG_PCI
	if (pci_bus_type.iommu_ops == &mtk_iommu_ops)
		pci_bus_type.iommu_ops = NULL;
#endif

	mutex_lock(&lab_m4u_of_lock);
	if (lab_m4u_data == data) {
		bus_for_each_dev(&platform_bus_type, NULL, data, lab_m4u_take_data);
		lab_m4u_data = NULL;
	}
	mutex_unlock(&lab_m4u_of_lock);

	lab_m4u_put_larbs(data);
	put_device(data->smicomm_dev);
	data->smicomm_dev = NULL;
}

/* What arm64 does for a master with no dma-ranges: 32 bits from 0. */
void lab_iommu_probe_finalize(struct device *dev)
{
	iommu_setup_dma_ops(dev, 0, DMA_BIT_MASK(32));
}
