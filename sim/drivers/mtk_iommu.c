/*
 * The MediaTek M4U IOMMU driver (drivers/iommu/mtk_iommu.c in Linux 6.1),
 * mt8173 flavour: probe finds the SMI larbs (mtk_iommu_of.c reads them
 * from "mediatek,larbs") and waits for them to probe, registers with the
 * IOMMU core and binds the larbs.  The callbacks the IOMMU core calls are
 * in files of their own (mtk_iommu.h).
 *
 * Where it differs from 6.1: no clocks (the simulator models none), no
 * runtime PM of the M4U itself (the model is always powered), no
 * component framework (the larbs are bound directly once all have
 * probed), 4 GB mode from max_pfn (6.1 asks infracfg, which the
 * simulator does not model; 5.10 asked max_pfn and gets the same answer),
 * and lab_compat.h's differences.
 */
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>

#include "mtk_iommu.h"

static const struct mtk_iommu_iova_region single_domain[] = {
	{ .iova_base = 0, .size = SZ_4G },
};

const struct iommu_ops mtk_iommu_ops = {
	LAB_IOMMU_OPS_NAME("mtk-iommu")
	LAB_IOMMU_OPS_DMA_SETUP
	.domain_alloc	= mtk_iommu_domain_alloc,
	.probe_device	= mtk_iommu_probe_device,
	.release_device	= mtk_iommu_release_device,
	.device_group	= mtk_iommu_device_group,
	.of_xlate	= mtk_iommu_of_xlate,
	.pgsize_bitmap	= SZ_4K | SZ_64K | SZ_1M | SZ_16M,
	.owner		= THIS_MODULE,
	.default_domain_ops = &mtk_iommu_domain_ops,
};

/*
 * 6.1 binds the larbs as components of the M4U, each larb's bind telling
 * it where its port bits live; here that is done directly, once every
 * larb has probed (mtk_iommu_mm_dts_parse() waits for them).
 */
static void mtk_iommu_bind(struct mtk_iommu_data *data, bool bind)
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

static int mtk_iommu_probe(struct platform_device *pdev)
{
	struct mtk_iommu_data *data;
	struct device *dev = &pdev->dev;
	struct resource *res;
	resource_size_t ioaddr;
	phys_addr_t protect;
	int ret, banks_num, i = 0;
	struct mtk_iommu_bank_data *bank;
	void __iomem *base;

	data = devm_kzalloc(dev, sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	data->dev = dev;
	data->plat_data = mtk_iommu_match_data(dev);
	data->variant = lab_mtk_variant(dev);

	/* Protect memory. HW will access here while translation fault.*/
	ret = lab_devm_alloc_phys(dev, MTK_PROTECT_PA_ALIGN * 2, &protect);
	if (ret)
		return ret;
	data->protect_base = ALIGN(protect, MTK_PROTECT_PA_ALIGN);

	/* DRAM past 4 GiB: the M4U reaches it through the alias at 4 GiB. */
	if (MTK_IOMMU_HAS_FLAG(data->plat_data, HAS_4GB_MODE))
		data->enable_4GB = !!(max_pfn > (BIT_ULL(32) >> PAGE_SHIFT));

	banks_num = data->plat_data->banks_num;
	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res)
		return -EINVAL;
	if (resource_size(res) < banks_num * MTK_IOMMU_BANK_SZ) {
		dev_err(dev, "banknr %d. res %pR is not enough.\n", banks_num, res);
		return -EINVAL;
	}
	base = devm_ioremap_resource(dev, res);
	if (IS_ERR(base))
		return PTR_ERR(base);
	ioaddr = res->start;

	do {
		if (!data->plat_data->banks_enable[i])
			continue;
		bank = &data->bank[i];
		bank->id = i;
		bank->base = base + i * MTK_IOMMU_BANK_SZ;
		bank->m4u_dom = NULL;

		bank->irq = platform_get_irq(pdev, i);
		if (bank->irq < 0)
			return bank->irq;
		bank->parent_dev = dev;
		bank->parent_data = data;
		ratelimit_state_init(&bank->fault_rs, DEFAULT_RATELIMIT_INTERVAL,
				     DEFAULT_RATELIMIT_BURST);
	} while (++i < banks_num);

	ret = mtk_iommu_mm_dts_parse(dev, data);
	if (ret) {
		dev_err_probe(dev, ret, "mm dts parse fail\n");
		return ret;
	}

	platform_set_drvdata(pdev, data);

	ret = iommu_device_sysfs_add(&data->iommu, dev, NULL,
				     "mtk-iommu.%pa", &ioaddr);
	if (ret)
		goto out_put_devices;

	ret = iommu_device_register(&data->iommu, &mtk_iommu_ops, dev);
	if (ret)
		goto out_sysfs_remove;

	mtk_iommu_bind(data, true);
	return 0;

out_sysfs_remove:
	iommu_device_sysfs_remove(&data->iommu);
out_put_devices:
	device_link_remove(data->smicomm_dev, dev);
	mtk_iommu_put_devices(data);
	return ret;
}

static int mtk_iommu_remove(struct platform_device *pdev)
{
	struct mtk_iommu_data *data = platform_get_drvdata(pdev);
	struct mtk_iommu_bank_data *bank;
	int i;

	iommu_device_sysfs_remove(&data->iommu);
	iommu_device_unregister(&data->iommu);

	device_link_remove(data->smicomm_dev, &pdev->dev);
	mtk_iommu_bind(data, false);
	mtk_iommu_put_devices(data);

	for (i = 0; i < data->plat_data->banks_num; i++) {
		bank = &data->bank[i];
		if (!bank->irq_requested)
			continue;
		devm_free_irq(&pdev->dev, bank->irq, bank);
	}
	return 0;
}

static const struct mtk_iommu_plat_data mt8173_data = {
	.m4u_plat     = M4U_MT8173,
	.flags	      = HAS_4GB_MODE | HAS_BCLK | RESET_AXI |
			HAS_LEGACY_IVRP_PADDR | MTK_IOMMU_TYPE_MM |
			TF_PORT_TO_ADDR_MT8173,
	.inv_sel_reg  = REG_MMU_INV_SEL_GEN1,
	.banks_num    = 1,
	.banks_enable = {true},
	.iova_region  = single_domain,
	.iova_region_nr = ARRAY_SIZE(single_domain),
};

const struct of_device_id mtk_iommu_of_ids[] = {
	{ .compatible = "mediatek,mt8173-m4u", .data = &mt8173_data },
	{}
};

static struct platform_driver mtk_iommu_driver = {
	.probe	= mtk_iommu_probe,
	.remove	= mtk_iommu_remove,
	.driver	= {
		.name = "mtk-iommu",
		.of_match_table = mtk_iommu_of_ids,
	}
};
module_platform_driver(mtk_iommu_driver);
