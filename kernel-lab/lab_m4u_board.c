// SPDX-License-Identifier: GPL-2.0
/*
 * The software M4U's board: on a kernel where no IOMMU driver has taken
 * the platform bus (QEMU without -device intel-iommu), the module makes
 * the platform devices of sim/boards/kernel-lab-m4u.dts, by the same
 * names and in the same order: the M4U "iommu", "smi_common", "larb0" and
 * "larb1".  No driver is registered: scripts load them (`drv load`,
 * lab_m4u_drivers.c), as the simulator does with `board load
 * kernel-lab-m4u --no-drivers`.
 *
 * `dev add` makes the masters.  Where arm64 reads a master's "iommus"
 * when its driver probes (of_iommu_configure()), an x86 module has no such
 * moment: the IOMMU core's only ways in are its bus notifier, when a
 * device is added, and bus_iommu_probe(), when an IOMMU registers.  So the
 * board describes a master before adding it, as of_iommu_xlate() would:
 * iommu_fwspec_init() with the M4U's ops, then each cell to the driver's
 * of_xlate (lab_m4u_of.c).  A master added
 * once the M4U is registered is then probed for the IOMMU as it is added,
 * through iommu_probe_device(), the function of_iommu_configure() calls;
 * masters already there when the M4U registers are probed together by
 * bus_iommu_probe(), which arm64 never does for them (docs/kernel-lab.md).
 *
 * `dev del` removes a master (both are rows of lab_dev.c's table, in the
 * console's order), and `deferred` prints the driver core's own deferred
 * list (/sys/kernel/debug/devices_deferred) for the devices commands name.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/iommu.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/string.h>
#include <sim/name.h>
#include <trace/events/iommu_lab.h>

#include "lab.h"
#include "lab_m4u.h"
#include "lab_m4u_model.h"

#define DEVICES_DEFERRED	"/sys/kernel/debug/devices_deferred"
#define DEFERRED_MAX		(64 * 1024)
#define NODRIVER		"iommu-lab:no-driver"

/* A device of the board, or a master `dev add` made. */
struct lab_m4u_node {
	struct lab_dev ldev;		/* its name, in lab_devs */
	struct list_head list;		/* board_nodes, in the order added */
	struct platform_device *pdev;
	bool board;			/* the M4U, SMI and larbs: dev del leaves them */
	/* a master's "iommus" cells, its DMA ports; none: wired to memory */
	u32 ids[GRAM_MAX_IDS];
	int nr_ids;
};

/*
 * Changed by commands only, under lab_lock.  The drivers' probes, which
 * the deferred-probe worker runs too, use board_smi_common and a master's
 * platform data, which stay put while the devices exist.
 */
static LIST_HEAD(board_nodes);
static unsigned int nr_nodes;
static bool m4u_on;
static struct device *board_smi_common;

int lab_m4u_check_on(void)
{
	if (m4u_on)
		return 0;
	return lab_err(-ENODEV, "no software M4U: another IOMMU driver has the platform bus");
}

static struct lab_m4u_node *find_node(const char *name)
{
	struct lab_m4u_node *node;

	list_for_each_entry(node, &board_nodes, list)
		if (!strcmp(node->ldev.alias, name))
			return node;
	return NULL;
}

struct device *lab_m4u_board_dev(const char *name)
{
	struct lab_m4u_node *node = find_node(name);

	return node ? &node->pdev->dev : NULL;
}

int lab_m4u_master_port(struct device *dev, unsigned int port, u32 *id)
{
	struct lab_m4u_node *node;

	list_for_each_entry(node, &board_nodes, list) {
		if (&node->pdev->dev != dev)
			continue;
		if (port >= max(node->nr_ids, 1))
			return -ENOENT;
		if (!node->nr_ids)
			return 0;
		*id = node->ids[port];
		return 1;
	}
	return -ENODEV;
}

struct device *lab_m4u_smi_common(void)
{
	return board_smi_common;
}

/* A master's platform data is the name of the IOMMU its iommus= gave. */
const char *lab_m4u_iommu_name(struct device *dev)
{
	const char *name = dev_get_platdata(dev);

	return name ? name : "-";
}

/*
 * Undoes what the board did to describe a master the IOMMU core has not
 * taken: 6.1's iommu_release_device() would follow dev->iommu->iommu_dev,
 * NULL until the core probes the device, when the device goes.  A device
 * the core has probed is the core's to clean up.
 */
void lab_m4u_fwspec_forget(struct device *dev)
{
	if (!dev->iommu || dev->iommu->iommu_dev)
		return;
	iommu_fwspec_free(dev);
	kfree(dev->iommu);
	dev->iommu = NULL;
}

/* Allocates a device called @name that only the driver @drv can take. */
static struct lab_m4u_node *node_alloc(const char *name, const char *drv)
{
	struct lab_m4u_node *node;
	int ret;

	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return ERR_PTR(-ENOMEM);
	node->pdev = platform_device_alloc(name, PLATFORM_DEVID_NONE);
	if (!node->pdev) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = driver_set_override(&node->pdev->dev, &node->pdev->driver_override, drv,
				  strlen(drv));
	if (ret)
		goto out_put;
	strscpy(node->ldev.alias, name, sizeof(node->ldev.alias));
	node->ldev.dev = &node->pdev->dev;
	return node;

out_put:
	platform_device_put(node->pdev);
out_free:
	kfree(node);
	return ERR_PTR(ret);
}

static void node_free(struct lab_m4u_node *node)
{
	lab_m4u_fwspec_forget(&node->pdev->dev);
	platform_device_put(node->pdev);
	kfree(node);
}

/* Adds an allocated device to the platform bus; its driver, if loaded, binds it. */
static int node_add(struct lab_m4u_node *node)
{
	int ret;

	ret = lab_trace_watch(&node->pdev->dev);
	if (ret)
		return ret;
	trace_device_add(node->ldev.alias, "platform");
	ret = platform_device_add(node->pdev);
	if (ret) {
		lab_trace_unwatch(&node->pdev->dev);
		return ret;
	}
	/*
	 * Runtime PM from the start, as the simulator's devices have it: a
	 * master's DMA resumes its larb (device links) whether or not a
	 * driver has bound the master.
	 */
	pm_runtime_enable(&node->pdev->dev);
	list_add_tail(&node->list, &board_nodes);
	lab_dev_add(&node->ldev, NULL);
	nr_nodes++;
	return 0;
}

static void node_del(struct lab_m4u_node *node)
{
	struct device *dev = &node->pdev->dev;

	lab_dma_forget(&node->ldev);
	lab_dev_del(&node->ldev);
	list_del(&node->list);
	nr_nodes--;
	lab_m4u_fwspec_forget(dev);
	pm_runtime_disable(dev);
	platform_device_unregister(node->pdev);
	trace_device_del(node->ldev.alias);
	lab_trace_unwatch(dev);
	kfree(node);
}

/*
 * kernel-lab-m4u.dts's addresses (mt8173-evb's): the M4U's registers name
 * it in sysfs, mtk-iommu.0x...  The models answer there (lab_m4u_model.c):
 * the range is never real memory the drivers touch.
 */
#define BOARD_M4U_REG	0x10205000
#define BOARD_LARB0_REG	0x14021000
#define BOARD_LARB1_REG	0x16010000

static const struct lab_m4u_model_larb board_larbs[] = {
	{ "larb0", BOARD_LARB0_REG },
	{ "larb1", BOARD_LARB1_REG },
};

/* The M4U and larb models; made with the board, taken down after it. */
static struct lab_m4u_model *board_model;

/* The driver's enable_4GB: RAM past 4 GiB (max_pfn, which x86 keeps from modules). */
static bool board_four_gb(void)
{
	return PFN_DOWN(__pa(high_memory - 1)) + 1 > (SZ_4G >> PAGE_SHIFT);
}

/* The models, and the M4U's and larbs' registers and the M4U's interrupt. */
static int board_model_create(struct lab_m4u_node **nodes)
{
	struct lab_m4u_model_desc desc = {
		.name = "iommu", .reg = BOARD_M4U_REG,
		.tlb_entries = 32,	/* the simulator's m4u.tlb_entries */
		.four_gb = board_four_gb(),
		.nr_larbs = ARRAY_SIZE(board_larbs), .larbs = board_larbs,
	};
	struct resource m4u_res[2];
	struct resource larb_res;
	int ret, i;

	board_model = lab_m4u_model_create(&desc);
	if (IS_ERR(board_model)) {
		ret = PTR_ERR(board_model);
		board_model = NULL;
		return ret;
	}
	m4u_res[0] = (struct resource)DEFINE_RES_MEM(BOARD_M4U_REG, LAB_M4U_MODEL_REG_SIZE);
	m4u_res[1] = (struct resource)DEFINE_RES_IRQ(lab_m4u_model_irq(board_model));
	ret = platform_device_add_resources(nodes[0]->pdev, m4u_res, ARRAY_SIZE(m4u_res));
	for (i = 0; !ret && i < ARRAY_SIZE(board_larbs); i++) {
		larb_res = (struct resource)DEFINE_RES_MEM(board_larbs[i].reg,
							   LAB_M4U_MODEL_REG_SIZE);
		ret = platform_device_add_resources(nodes[2 + i]->pdev, &larb_res, 1);
	}
	if (ret) {
		lab_m4u_model_destroy(board_model);
		board_model = NULL;
	}
	return ret;
}

struct lab_m4u_model *lab_m4u_board_model(void)
{
	return board_model;
}

int lab_m4u_init(void)
{
	static const char *const names[] = { "iommu", "smi_common", "larb0", "larb1" };
	static const char *const drvs[] = { "mtk-iommu", "mtk-smi-common", "mtk-smi-larb",
					    "mtk-smi-larb" };
	struct lab_m4u_node *nodes[ARRAY_SIZE(names)] = { };
	struct lab_m4u_pdata pdata = { .reg = BOARD_M4U_REG, .nr_larbs = 2 };
	size_t i;
	int ret;

	if (iommu_present(&platform_bus_type)) {
		pr_info("iommu-lab: software M4U off: another IOMMU driver has the platform bus\n");
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		struct device *other = bus_find_device_by_name(&platform_bus_type, NULL,
							       names[i]);

		if (other) {
			put_device(other);
			pr_info("iommu-lab: software M4U off: a platform device '%s' exists\n",
				names[i]);
			return 0;
		}
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		nodes[i] = node_alloc(names[i], drvs[i]);
		if (IS_ERR(nodes[i])) {
			ret = PTR_ERR(nodes[i]);
			nodes[i] = NULL;
			goto out_free;
		}
		nodes[i]->board = true;
	}
	ret = board_model_create(nodes);
	if (ret)
		goto out_free;
	ret = lab_m4u_probes_register();
	if (ret)
		goto out_unmodel;
	board_smi_common = &nodes[1]->pdev->dev;
	pdata.smi_common = board_smi_common;
	pdata.larbs[0] = &nodes[2]->pdev->dev;
	pdata.larbs[1] = &nodes[3]->pdev->dev;
	ret = platform_device_add_data(nodes[0]->pdev, &pdata, sizeof(pdata));
	if (ret)
		goto out_unprobe;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		ret = node_add(nodes[i]);
		if (ret)
			goto out_del;
		nodes[i] = NULL;
	}
	m4u_on = true;
	pr_info("iommu-lab: software M4U on\n");
	return 0;

out_del:
	lab_m4u_release();
out_unprobe:
	lab_m4u_probes_unregister();
out_unmodel:
	lab_m4u_model_destroy(board_model);
	board_model = NULL;
out_free:
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (nodes[i])
			node_free(nodes[i]);
	return ret;
}

/*
 * Takes the board down: masters first (the core lets go of them, which
 * drops their hold on iommu_lab_m4u.ko), then the drivers (the M4U
 * unregisters), then the board's own devices.
 */
void lab_m4u_release(void)
{
	struct lab_m4u_node *node, *tmp;

	wait_for_device_probe();
	list_for_each_entry_safe_reverse(node, tmp, &board_nodes, list)
		if (!node->board)
			node_del(node);
	lab_m4u_drivers_release();
	list_for_each_entry_safe_reverse(node, tmp, &board_nodes, list)
		node_del(node);
	board_smi_common = NULL;
	if (m4u_on) {
		lab_m4u_probes_unregister();
		lab_m4u_model_destroy(board_model);
		board_model = NULL;
	}
	m4u_on = false;
}

/* The checks sim_dev_create() makes, in its order, with its words. */
static int check_master(const char *name, const struct gram_dev_add *spec)
{
	struct device *other;

	other = bus_find_device_by_name(&platform_bus_type, NULL, name);
	if (other)
		put_device(other);
	if (other || lab_dev_lookup(name))
		return lab_err(-EEXIST, "device '%s' already exists", name);
	if (spec->pci)
		return lab_err(-EINVAL,
			       "bus=pci: PCI functions are the machine's here; dev add makes platform devices");
	if (spec->nr_ids && strcmp(spec->iommu, "iommu"))
		return lab_err(-ENODEV, "no iommu node '%s'", spec->iommu);
	if (spec->larb) {
		struct lab_m4u_node *larb = find_node(spec->larb);

		if (!larb || !larb->board ||
		    strcmp(larb->pdev->driver_override, "mtk-smi-larb"))
			return lab_err(-ENODEV, "no smi larb '%s'", spec->larb);
	}
	if (nr_nodes >= LAB_M4U_MAX_DEVS)
		return lab_err(-ENOSPC, "no room for more than %d devices", LAB_M4U_MAX_DEVS);
	return 0;
}

int lab_m4u_dev_add(int argc, char **argv)
{
	struct lab_m4u_node *node;
	struct gram_dev_add spec;
	struct gram_err e;
	const char *drv;
	unsigned int i;
	int ret;

	if (lab_m4u_check_on())
		return -ENODEV;
	if (gram_parse_dev_add(argc, argv, &spec, &e))
		return lab_gram_err(&e);
	ret = check_master(argv[0], &spec);
	if (ret)
		return ret;
	drv = lab_m4u_driver_for(spec.compatible);
	node = node_alloc(argv[0], drv ? drv : NODRIVER);
	if (IS_ERR(node))
		return lab_err(PTR_ERR(node), GRAM_E_DEV_ADD);
	if (spec.nr_ids) {
		struct device *dev = &node->pdev->dev;

		ret = platform_device_add_data(node->pdev, spec.iommu, strlen(spec.iommu) + 1);
		if (!ret)
			ret = iommu_fwspec_init(dev, NULL, &mtk_iommu_ops);
		for (i = 0; !ret && i < spec.nr_ids; i++) {
			struct of_phandle_args args = {
				.args_count = 1, .args = { spec.ids[i] },
			};

			ret = mtk_iommu_ops.of_xlate(dev, &args);
		}
		if (ret) {
			node_free(node);
			return lab_err(ret, "cannot describe the device's iommus");
		}
		memcpy(node->ids, spec.ids, spec.nr_ids * sizeof(spec.ids[0]));
		node->nr_ids = spec.nr_ids;
	}
	ret = node_add(node);
	if (ret) {
		node_free(node);
		return lab_err(ret, GRAM_E_DEV_ADD);
	}
	wait_for_device_probe();
	return 0;
}

int lab_m4u_dev_del(int argc, char **argv)
{
	struct lab_m4u_node *node;

	if (lab_m4u_check_on())
		return -ENODEV;
	node = find_node(argv[0]);
	if (!node)
		return lab_err(-ENODEV, GRAM_E_NO_DEVICE, argv[0]);
	if (node->board)
		return lab_err(-EPERM, "'%s' is the board's; dev del removes what dev add made",
			       argv[0]);
	if (lab_dma_busy(&node->ldev))
		return lab_err(-EBUSY, "device '%s' has DMA mappings; unmap them first",
			       argv[0]);
	node_del(node);
	wait_for_device_probe();
	return 0;
}

/*
 * The driver core's deferred list, as /sys/kernel/debug/devices_deferred
 * has it, read into @buf (DEFERRED_MAX bytes); its length, or an errno.
 *
 * kernel_read() refuses debugfs files (their proxy has no read_iter), so
 * this reads the seq_file behind the proxy, which the proxy's open has
 * set up: only after checking that the file really is one.
 */
static ssize_t read_deferred(char *buf)
{
	struct file *f = filp_open(DEVICES_DEFERRED, O_RDONLY, 0);
	const struct file_operations *real;
	size_t len = 0;
	ssize_t ret = 0;
	struct kiocb kiocb;

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (file_inode(f)->i_sb->s_magic != DEBUGFS_MAGIC) {
		ret = -ENOENT;
		goto out_close;
	}
	real = debugfs_real_fops(f);
	if (!real || real->read != seq_read) {
		ret = -EINVAL;
		goto out_close;
	}
	init_sync_kiocb(&kiocb, f);
	while (len < DEFERRED_MAX - 1) {
		struct kvec kv = { .iov_base = buf + len, .iov_len = DEFERRED_MAX - 1 - len };
		struct iov_iter iter;

		iov_iter_kvec(&iter, READ, &kv, 1, kv.iov_len);
		ret = seq_read_iter(&kiocb, &iter);
		if (ret <= 0)
			break;
		len += ret;
	}
out_close:
	filp_close(f, NULL);
	if (ret < 0)
		return ret;
	buf[len] = '\0';
	return len;
}

/*
 * Calls @fn for each line of the deferred list about a device commands can
 * name ("NAME\tREASON", the reason's newline dropped).  Returns 0 or an errno.
 */
static int for_each_deferred(void (*fn)(const char *name, const char *reason, void *data),
			     void *data)
{
	char *buf = kvmalloc(DEFERRED_MAX, GFP_KERNEL);
	char *line, *next;
	ssize_t len;

	if (!buf)
		return -ENOMEM;
	len = read_deferred(buf);
	if (len < 0) {
		kvfree(buf);
		return len;
	}
	for (line = buf; *line; line = next) {
		char *tab;

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		if (lab_dev_lookup(line))
			fn(line, tab + 1, data);
	}
	kvfree(buf);
	return 0;
}

static void print_deferred(const char *name, const char *reason, void *data)
{
	lab_printf("%s\t%s\n", name, reason);
}

struct deferred_query {
	const char *name;
	bool found;
	char *reason;
	size_t size;
};

static void match_deferred(const char *name, const char *reason, void *data)
{
	struct deferred_query *q = data;

	if (q->found || strcmp(name, q->name))
		return;
	q->found = true;
	if (q->reason)
		strscpy(q->reason, reason, q->size);
}

bool lab_dev_deferred(struct device *dev, char *reason, size_t size)
{
	struct deferred_query q = { .name = dev_name(dev), .reason = reason, .size = size };

	return !for_each_deferred(match_deferred, &q) && q.found;
}

static int cmd_deferred(int argc, char **argv)
{
	int ret = for_each_deferred(print_deferred, NULL);

	if (ret)
		return lab_err(ret, "cannot read %s (is debugfs mounted there?)",
			       DEVICES_DEFERRED);
	return 0;
}

const struct lab_cmd lab_m4u_cmds[] = {
	{ "deferred", "", cmd_deferred,
	  "the driver core's deferred-probe list for these devices, with the reasons" },
	{ }
};
