// SPDX-License-Identifier: GPL-2.0
/*
 * The software M4U's drivers and `drv list|load|unload`: the simulator's
 * built-in drivers for an mt8173 M4U, by the same names, registered with
 * the real driver core one at a time, which is how a script puts the
 * order of probes, and so probe deferral, in its own hands.
 *
 *  - mtk-iommu: the IOMMU driver, the simulator's, in iommu_lab_m4u.ko;
 *  - mtk-smi-common, mtk-smi-larb: 6.1's mtk-smi.c as far as probing and
 *    the port bits go; a larb waits for its smi-common and links to it,
 *    and, once the M4U has bound it, writes the M4U's port bits into its
 *    MMU_EN register each time it resumes (runtime PM), which is when one
 *    of its masters starts work, as the simulator's mtk_smi.c does;
 *  - the multimedia masters' drivers (display, MDP, codecs, JPEG, the
 *    lab's camera ISP), as the simulator's mtk_disp_*.c, mtk_mdp.c,
 *    mtk_vcodec_*.c, mtk_jpeg.c and mtk_cam_isp.c have them: the codecs'
 *    probe lifts the DMA segment limit to UINT_MAX, as 6.1's does.
 *
 * A master's driver asks what of_iommu_configure() asks on arm64 before
 * the probe: is the IOMMU the master names registered?  Not yet: the probe
 * is deferred, with the reason the simulator gives ("iommu 'iommu' not
 * registered"), unless the driver core's deferred-probe timeout has run
 * out.  On x86 the core has already probed the master for the IOMMU (at
 * registration or when the master was added), so the question is whether
 * the master is in a group.
 *
 * Devices find their driver by name through driver_override, set by the
 * board from the compatible string, so no other driver in the kernel can
 * take them.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/platform_device.h>
#include <linux/pm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <trace/events/iommu_lab.h>

#include "lab.h"
#include "lab_m4u.h"
#include "lab_m4u_model.h"

/* mt8173's larb register that sends each port through the M4U or not */
#define SMI_LARB_MMU_EN		0xf00

/* A bound larb. */
struct lab_larb {
	void __iomem *base;		/* the model's registers */
	unsigned int *mmu;		/* the M4U's port bits, once it has bound us */
};

enum lab_drv_kind {
	LAB_DRV_M4U,
	LAB_DRV_SMI_COMMON,
	LAB_DRV_SMI_LARB,
	LAB_DRV_CLIENT,
};

struct lab_drv {
	enum lab_drv_kind kind;
	const char *const *compatibles;
	unsigned int max_seg;		/* a master's dma_set_max_seg_size(), or 0 */
	bool loaded;
	int (*probe)(struct platform_device *pdev);	/* lab_probe() calls it */
	struct platform_driver pdrv;	/* all but the M4U's */
};

/* Defers @dev's probe with a reason, as dev_err_probe() records it, and traces it. */
static __printf(2, 3) int lab_defer(struct device *dev, const char *fmt, ...)
{
	char msg[128], reason[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	scnprintf(reason, sizeof(reason), "%s: %s", dev->driver->name, msg);
	trace_probe_defer(dev, dev->driver->name, reason);
	return dev_err_probe(dev, -EPROBE_DEFER, "%s\n", msg);
}

/* A probe that succeeds reports the bind the driver core is about to make. */
static int lab_bound(struct device *dev)
{
	trace_bind(dev, dev->driver->name);
	lab_m4u_note_bind(dev);
	return 0;
}

/* And a remove, the unbind the driver core is finishing. */
static int lab_unbound(struct device *dev)
{
	trace_unbind(dev, dev->driver->name);
	return 0;
}

static int smi_common_probe(struct platform_device *pdev)
{
	return lab_bound(&pdev->dev);
}

static int smi_common_remove(struct platform_device *pdev)
{
	return lab_unbound(&pdev->dev);
}

/* mtk_smi_device_link_common(): the larb needs its smi-common bound first. */
static int smi_larb_probe(struct platform_device *pdev)
{
	struct device *common = lab_m4u_smi_common();
	struct device *dev = &pdev->dev;
	struct lab_larb *larb;

	if (!common)
		return -EINVAL;
	larb = devm_kzalloc(dev, sizeof(*larb), GFP_KERNEL);
	if (!larb)
		return -ENOMEM;
	larb->base = lab_hw_devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(larb->base))
		return PTR_ERR(larb->base);
	if (!READ_ONCE(common->driver))
		return lab_defer(dev, "smi-common '%s' not probed yet", dev_name(common));
	if (!device_link_add(dev, common, DL_FLAG_PM_RUNTIME | DL_FLAG_STATELESS))
		return -ENODEV;
	platform_set_drvdata(pdev, larb);
	return lab_bound(dev);
}

static int smi_larb_remove(struct platform_device *pdev)
{
	struct device *common = lab_m4u_smi_common();

	if (common)
		device_link_remove(&pdev->dev, common);
	return lab_unbound(&pdev->dev);
}

/* Until the M4U has bound the larb there are no port bits to write. */
static int smi_larb_resume(struct device *dev)
{
	struct lab_larb *larb = dev_get_drvdata(dev);

	if (larb->mmu)
		lab_hw_writel(*larb->mmu, larb->base + SMI_LARB_MMU_EN);
	return 0;
}

static const struct dev_pm_ops smi_larb_pm_ops = {
	SET_RUNTIME_PM_OPS(NULL, smi_larb_resume, NULL)
};

void lab_m4u_larb_bind(struct device *larbdev, unsigned int *mmu)
{
	struct lab_larb *larb = dev_get_drvdata(larbdev);

	if (larb)
		larb->mmu = mmu;
}

void lab_m4u_larb_unbind(struct device *larbdev)
{
	struct lab_larb *larb = dev_get_drvdata(larbdev);

	if (larb)
		larb->mmu = NULL;
}

static int client_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	const struct lab_drv *drv = container_of(to_platform_driver(dev->driver),
						 struct lab_drv, pdrv);
	int ret;

	if (fwspec && fwspec->ops == &mtk_iommu_ops && !device_iommu_mapped(dev)) {
		ret = driver_deferred_probe_check_state(dev);
		if (ret == -EPROBE_DEFER)
			return lab_defer(dev, "iommu '%s' not registered",
					 lab_m4u_iommu_name(dev));
		/* Timed out: of_iommu_configure() goes on without the IOMMU; so does this. */
		lab_m4u_fwspec_forget(dev);
	}
	if (drv->max_seg) {
		ret = dma_set_max_seg_size(dev, drv->max_seg);
		if (ret)
			return ret;
	}
	return lab_bound(dev);
}

static int client_remove(struct platform_device *pdev)
{
	return lab_unbound(&pdev->dev);
}

/* Every driver's probe: the driver's own, and a failure noted for drv load. */
static int lab_probe(struct platform_device *pdev)
{
	const struct lab_drv *drv = container_of(to_platform_driver(pdev->dev.driver),
						 struct lab_drv, pdrv);
	int ret = drv->probe(pdev);

	if (ret && ret != -EPROBE_DEFER)
		lab_m4u_note_probe_fail(&pdev->dev, ret);
	return ret;
}

#define LAB_COMPATIBLES(...)	((const char *const[]){ __VA_ARGS__, NULL })

#define LAB_DRV_SEG(drvname, drvkind, probefn, removefn, pmops, seg, ...) { \
	.kind = drvkind,						\
	.compatibles = LAB_COMPATIBLES(__VA_ARGS__),			\
	.max_seg = seg,							\
	.probe = probefn,						\
	.pdrv = {							\
		.probe = lab_probe,					\
		.remove = removefn,					\
		.driver = {						\
			.name = drvname,				\
			.suppress_bind_attrs = true,			\
			.pm = pmops,					\
		},							\
	},								\
}

#define LAB_DRV(drvname, drvkind, probefn, removefn, pmops, ...) \
	LAB_DRV_SEG(drvname, drvkind, probefn, removefn, pmops, 0, __VA_ARGS__)

#define LAB_CLIENT(drvname, ...) \
	LAB_DRV(drvname, LAB_DRV_CLIENT, client_probe, client_remove, NULL, __VA_ARGS__)

/* A master's driver whose probe sets its DMA segment limit to @seg. */
#define LAB_CLIENT_SEG(drvname, seg, ...) \
	LAB_DRV_SEG(drvname, LAB_DRV_CLIENT, client_probe, client_remove, NULL, seg, \
		    __VA_ARGS__)

/* The simulator's drivers for the M4U board, in its built-in order. */
static struct lab_drv lab_drvs[] = {
	LAB_DRV("mtk-iommu", LAB_DRV_M4U, NULL, NULL, NULL, "mediatek,mt8173-m4u"),
	LAB_CLIENT("mediatek-disp-ovl", "mediatek,mt8173-disp-ovl"),
	LAB_CLIENT("mediatek-disp-rdma", "mediatek,mt8173-disp-rdma"),
	LAB_CLIENT("mediatek-disp-wdma", "mediatek,mt8173-disp-wdma"),
	LAB_CLIENT("mtk-mdp", "mediatek,mt8173-mdp-rdma", "mediatek,mt8173-mdp-wdma",
		   "mediatek,mt8173-mdp-wrot"),
	LAB_CLIENT_SEG("mtk-vcodec-dec", UINT_MAX, "mediatek,mt8173-vcodec-dec"),
	LAB_CLIENT_SEG("mtk-vcodec-enc", UINT_MAX, "mediatek,mt8173-vcodec-enc",
		       "mediatek,mt8173-vcodec-enc-vp8"),
	LAB_CLIENT("mtk-jpeg", "mediatek,mt8173-jpgdec"),
	LAB_CLIENT("mtk-cam-isp", "iommu-lab,mt8173-cam-isp"),
	LAB_DRV("mtk-smi-common", LAB_DRV_SMI_COMMON, smi_common_probe, smi_common_remove,
		NULL, "mediatek,mt8173-smi-common"),
	LAB_DRV("mtk-smi-larb", LAB_DRV_SMI_LARB, smi_larb_probe, smi_larb_remove,
		&smi_larb_pm_ops, "mediatek,mt8173-smi-larb"),
};

static const char *drv_name(const struct lab_drv *drv)
{
	return drv->pdrv.driver.name;
}

const char *lab_m4u_driver_for(const char *compatible)
{
	const char *const *c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lab_drvs); i++)
		for (c = lab_drvs[i].compatibles; *c; c++)
			if (!strcmp(*c, compatible))
				return drv_name(&lab_drvs[i]);
	return NULL;
}

/* The driver @name, or NULL after an error line with a suggestion. */
static struct lab_drv *find_drv(const char *name)
{
	struct gram_suggest s;
	struct gram_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lab_drvs); i++)
		if (!strcmp(drv_name(&lab_drvs[i]), name))
			return &lab_drvs[i];
	gram_suggest_init(&s, name);
	for (i = 0; i < ARRAY_SIZE(lab_drvs); i++)
		gram_suggest_add(&s, drv_name(&lab_drvs[i]), strlen(drv_name(&lab_drvs[i])));
	gram_no_driver(name, gram_suggest_best(&s), &e);
	lab_gram_err(&e);
	return NULL;
}

static int drv_register(struct lab_drv *drv)
{
	if (drv->kind == LAB_DRV_M4U)
		return lab_m4u_driver_register();
	return platform_driver_register(&drv->pdrv);
}

static void drv_unregister(struct lab_drv *drv)
{
	if (drv->kind == LAB_DRV_M4U)
		lab_m4u_driver_unregister();
	else
		platform_driver_unregister(&drv->pdrv);
}

void lab_m4u_drivers_release(void)
{
	size_t i = ARRAY_SIZE(lab_drvs);

	while (i--) {
		if (!lab_drvs[i].loaded)
			continue;
		drv_unregister(&lab_drvs[i]);
		lab_drvs[i].loaded = false;
	}
}

static int count_bound(struct device *dev, void *data)
{
	(*(unsigned int *)data)++;
	return 0;
}

static int cmd_drv_list(int argc, char **argv)
{
	size_t i;

	if (lab_m4u_check_on())
		return -ENODEV;
	for (i = 0; i < ARRAY_SIZE(lab_drvs); i++) {
		struct lab_drv *drv = &lab_drvs[i];
		struct device *m4u = lab_m4u_board_dev("iommu");
		const char *const *c;
		unsigned int bound = 0;

		if (drv->kind == LAB_DRV_M4U)
			bound = m4u && m4u->driver;
		else if (drv->loaded &&
			 driver_for_each_device(&drv->pdrv.driver, NULL, &bound, count_bound))
			bound = 0;
		lab_printf(GRAM_FMT_DRV_LIST, drv_name(drv),
			   drv->loaded ? "loaded" : "unloaded", bound);
		for (c = drv->compatibles; *c; c++)
			lab_printf("%s%s", c == drv->compatibles ? "" : ",", *c);
		lab_printf("\n");
	}
	return 0;
}

/*
 * What the probes did while a drv load runs, from the command itself or
 * from the deferred-probe worker it waits for: the devices bound, in the
 * order their probes succeeded, and the probes that failed, with their
 * errors.  Beyond LAB_M4U_MAX_DEVS binds the rest are named in dev list
 * order; beyond as many failures the rest go unnamed.
 */
static DEFINE_SPINLOCK(load_log_lock);
static struct device *load_binds[LAB_M4U_MAX_DEVS];
static unsigned int load_nbinds;
static struct {
	struct device *dev;
	int err;
} load_fails[LAB_M4U_MAX_DEVS];
static unsigned int load_nfails;
static bool load_noting;

void lab_m4u_note_bind(struct device *dev)
{
	unsigned long flags;

	spin_lock_irqsave(&load_log_lock, flags);
	if (load_noting && load_nbinds < ARRAY_SIZE(load_binds))
		load_binds[load_nbinds++] = dev;
	spin_unlock_irqrestore(&load_log_lock, flags);
}

void lab_m4u_note_probe_fail(struct device *dev, int err)
{
	unsigned long flags;

	spin_lock_irqsave(&load_log_lock, flags);
	if (load_noting && load_nfails < ARRAY_SIZE(load_fails)) {
		load_fails[load_nfails].dev = dev;
		load_fails[load_nfails++].err = err;
	}
	spin_unlock_irqrestore(&load_log_lock, flags);
}

static void load_noting_set(bool on)
{
	unsigned long flags;

	spin_lock_irqsave(&load_log_lock, flags);
	load_noting = on;
	if (on)
		load_nbinds = load_nfails = 0;
	spin_unlock_irqrestore(&load_log_lock, flags);
}

/* The error of @dev's last probe that failed during the load, or 0. */
static int load_fail_err(struct device *dev)
{
	unsigned int i = load_nfails;

	while (i--)
		if (load_fails[i].dev == dev)
			return load_fails[i].err;
	return 0;
}

static void note_state_before(struct lab_dev *ldev, void *data)
{
	ldev->state_before = lab_dev_state(ldev->dev);
	ldev->load_named = false;
}

struct load_result {
	struct gram_drv_load lines;
	struct device *dev;		/* name_bound()'s device */
};

static enum gram_drv_load_kind load_kind(struct lab_dev *ldev)
{
	return gram_drv_load_kind(ldev->state_before, lab_dev_state(ldev->dev));
}

/* Names @ldev as bound if it is the device bound next and the load bound it. */
static void name_bound(struct lab_dev *ldev, void *data)
{
	struct load_result *r = data;

	if (ldev->dev != r->dev || ldev->load_named ||
	    load_kind(ldev) != GRAM_DRV_LOAD_BOUND)
		return;
	gram_drv_load_name(&r->lines, GRAM_DRV_LOAD_BOUND, ldev->alias);
	ldev->load_named = true;
}

/*
 * The deferred, the failed (left unbound by a probe that failed) and any
 * bound device the log missed, in dev list order.
 */
static void name_rest(struct lab_dev *ldev, void *data)
{
	struct load_result *r = data;
	enum gram_drv_load_kind kind = load_kind(ldev);
	char errname[GRAM_DRV_LOAD_ERR_MAX];
	int err;

	if (ldev->load_named)
		return;
	if (kind == GRAM_DRV_LOAD_UNCHANGED && !strcmp(lab_dev_state(ldev->dev), "unbound")) {
		err = load_fail_err(ldev->dev);
		if (err) {
			/* %pe names the errno ("-EINVAL"): Debian builds with SYMBOLIC_ERRNAME. */
			snprintf(errname, sizeof(errname), "%pe", ERR_PTR(err));
			gram_drv_load_failed(&r->lines, ldev->alias, errname);
		}
		return;
	}
	gram_drv_load_name(&r->lines, kind, ldev->alias);
}

/* "drv load NAME: bound A,B; deferred C; failed D=-EINVAL", as the console says it. */
static void print_load_result(const char *name)
{
	/* Commands run one at a time, under lab_lock: these can be static. */
	static struct load_result result;
	static char line[GRAM_DRV_LOAD_LINE];
	unsigned int i;

	gram_drv_load_init(&result.lines);
	/* The worker is done (wait_for_device_probe()): the log stands still. */
	for (i = 0; i < load_nbinds; i++) {
		result.dev = load_binds[i];
		lab_dev_for_each(name_bound, &result);
	}
	lab_dev_for_each(name_rest, &result);
	gram_drv_load_line(line, sizeof(line), name, &result.lines);
	lab_printf("%s", line);
}

static int cmd_drv_load(int argc, char **argv)
{
	struct lab_drv *drv;
	int ret;

	if (lab_m4u_check_on())
		return -ENODEV;
	drv = find_drv(argv[0]);
	if (!drv)
		return -EINVAL;
	if (drv->loaded)
		return lab_err(-EBUSY, GRAM_E_DRV_LOADED, drv_name(drv));
	lab_dev_for_each(note_state_before, NULL);
	load_noting_set(true);
	trace_driver_register(drv_name(drv));
	ret = drv_register(drv);
	if (ret) {
		load_noting_set(false);
		return lab_err(ret, GRAM_E_DRV_LOAD, drv_name(drv));
	}
	drv->loaded = true;
	/* The driver core retries deferred probes in a worker: let it finish. */
	wait_for_device_probe();
	load_noting_set(false);
	print_load_result(drv_name(drv));
	return 0;
}

static int cmd_drv_unload(int argc, char **argv)
{
	struct lab_drv *drv;

	if (lab_m4u_check_on())
		return -ENODEV;
	drv = find_drv(argv[0]);
	if (!drv)
		return -EINVAL;
	if (!drv->loaded)
		return lab_err(-ENODEV, GRAM_E_DRV_NOT_LOADED, drv_name(drv));
	/* A mapping outliving its domain would be unmapped into freed memory. */
	if (drv->kind == LAB_DRV_M4U && lab_dma_busy(NULL))
		return lab_err(-EBUSY, "DMA mappings go through the M4U; unmap them first");
	drv_unregister(drv);
	drv->loaded = false;
	trace_driver_unregister(drv_name(drv));
	wait_for_device_probe();
	return 0;
}

const struct lab_cmd lab_m4u_drv_cmds[] = {
	{ "drv list", "", cmd_drv_list,
	  "list the software M4U's drivers, loaded or not, with what they bind to" },
	{ "drv load", "<driver>", cmd_drv_load,
	  "register a driver and bind it to the devices it matches" },
	{ "drv unload", "<driver>", cmd_drv_unload,
	  "unbind a driver from its devices and unregister it" },
	{ }
};
