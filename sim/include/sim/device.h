/*
 * The driver core: buses, devices, drivers, device links and the probe
 * path of drivers/base/dd.c, deferred probing included.
 */
#ifndef SIM_DEVICE_H
#define SIM_DEVICE_H

#include <sim/io.h>
#include <sim/irq.h>
#include <sim/list.h>
#include <sim/printk.h>
#include <sim/types.h>

struct sim;
struct device;
struct device_driver;
struct device_node;
struct dev_iommu;
struct iommu_group;
struct dev_pm_ops;
struct dma_map_ops;
struct notifier_block;
struct sim_bus_master;

struct bus_type {
	const char *name;		/* "platform", "pci" */
	/* > 0 match, 0 no match, -EPROBE_DEFER not yet */
	int (*match)(struct device *dev, const struct device_driver *drv);
	/* the bus's own probe and remove, which call its drivers' */
	int (*probe)(struct device *dev);
	void (*remove)(struct device *dev);
	/* called by really_probe() before the driver's probe */
	int (*dma_configure)(struct device *dev);
	void (*dma_cleanup)(struct device *dev);
};

extern const struct bus_type platform_bus_type;
extern const struct bus_type pci_bus_type;
/*
 * The buses devices sit on, platform and PCI, SIM_NR_DEVICE_BUSES of them
 * (sim/sim.h): the ones the IOMMU core listens to, as 6.1's iommu_buses[]
 * lists them, and the machine's connection of devices to their hardware.
 */
extern const struct bus_type *const sim_device_buses[];

/* What a bus notifier hears, with the device as its data (device/bus.h). */
#define BUS_NOTIFY_ADD_DEVICE		0x00000001	/* device added */
#define BUS_NOTIFY_DEL_DEVICE		0x00000002	/* device to be removed */
#define BUS_NOTIFY_REMOVED_DEVICE	0x00000003	/* device removed */

/*
 * Has @nb hear of @sim's devices coming and going on @bus, from now on.
 * Returns 0, -EEXIST if it hears already, -ENOSPC when @sim keeps chains
 * for SIM_NR_BUSES buses already.
 */
int bus_register_notifier(struct sim *sim, const struct bus_type *bus,
			  struct notifier_block *nb);
/* Stops @nb hearing; -ENOENT if it did not. */
int bus_unregister_notifier(struct sim *sim, const struct bus_type *bus,
			    struct notifier_block *nb);

enum dl_dev_state {
	DL_DEV_NO_DRIVER,
	DL_DEV_PROBING,
	DL_DEV_DRIVER_BOUND,
	DL_DEV_UNBINDING,
};

struct device {
	struct sim *sim;			/* the machine; drivers never look */
	char *name;
	char *kernel_name;			/* dev_kernel_name() */
	/*
	 * References (get_device()/put_device()): the one device_alloc()
	 * gives, device links at both ends, drivers that keep a pointer to
	 * another device (of_find_device_by_node()), PCI functions to their
	 * host bridge.  The memory goes with the last one, after device_del().
	 */
	unsigned int refcount;
	/* frees what embeds the device, at the last put_device(); NULL: free(dev) */
	void (*release)(struct device *dev);
	const struct bus_type *bus;
	struct device_node *of_node;
	struct device *parent;
	const struct device_driver *driver;
	void *driver_data;
	struct list_head devres_head;		/* what devm_*() took, oldest first */
	struct list_head sim_node;		/* sim->devices */
	/* on its driver's list of bound devices, in bind order (klist_devices) */
	struct list_head driver_node;

	/* deferred probing */
	struct list_head deferred_probe;	/* pending or active list */
	char *deferred_probe_reason;
	/*
	 * The reason dev_defer_supplier_not_ready() wrote, kept across
	 * retries with what it was written from: a driver or bus name and a
	 * supplier, forgotten when a link of the device goes (the supplier's
	 * memory may go with it).
	 */
	struct {
		char *text;
		size_t size;
		const char *prefix;
		const struct device *supplier;
	} deferred_reason_buf;
	bool can_match;
	bool registered;			/* between device_add and del */
	unsigned int probe_attempts;
	int probe_err;				/* the last attempt's -errno, 0 if it bound */
	u64 bind_seq;				/* order of binding */

	struct {
		struct list_head suppliers;	/* links, by c_node */
		struct list_head consumers;	/* links, by s_node */
		enum dl_dev_state status;
	} links;

	/* DMA configuration */
	const struct dma_map_ops *dma_ops;	/* NULL: dma-direct */
	/*
	 * The simulator's, for showing: the bus's dma_configure has run and
	 * its dma_cleanup not yet, so a NULL dma_ops means direct DMA
	 * rather than DMA nobody has set up.
	 */
	bool dma_configured;
	u64 dma_mask;
	u64 coherent_dma_mask;
	u64 bus_dma_limit;
	unsigned int max_segment_size;
	unsigned long seg_boundary_mask;

	/*
	 * The only driver the bus may match (sysfs driver_override); the
	 * kernel keeps it in struct platform_device and struct pci_dev.
	 */
	char *driver_override;
	/* a VFIO driver registered it (vfio_register_group_dev()) */
	bool vfio_registered;

	struct dev_iommu *iommu;
	struct iommu_group *iommu_group;
	struct list_head dma_debug;		/* struct dma_debug_entry, oldest first */

	u16 pci_bdf;				/* bus << 8 | devfn, PCI only */
	/*
	 * PCI only: the function says it is one of several in its slot
	 * (header type bit 7; pci_dev->multifunction).  Its functions can
	 * then reach each other without going through the IOMMU, unless
	 * ACS says otherwise, which no function of the simulator has.
	 */
	bool pci_multifunction;

	struct {				/* runtime PM */
		int usage_count;
		bool active;
		/*
		 * On the PM core's device list: from device_add() until
		 * device_del() has unbound the driver (6.1's device_pm_add()
		 * and device_pm_remove()).  Only such a device can supply a
		 * device link.
		 */
		bool in_dpm_list;
	} power;
};

struct module;
struct of_device_id;

/*
 * A driver, as a bus's driver type (struct platform_driver) embeds it.
 * The machine a driver registers with keeps which bus it is on; @bus is
 * what the kernel's registration fills in, which the simulator does not
 * need, since one driver structure serves every machine.
 */
struct device_driver {
	const char *name;
	const struct bus_type *bus;
	struct module *owner;
	const struct of_device_id *of_match_table;	/* ends with an empty entry */
	/* for a bus without probe and remove of its own */
	int (*probe)(struct device *dev);
	int (*remove)(struct device *dev);
	const struct dev_pm_ops *pm;		/* runtime PM, or NULL */
};

/*
 * A built-in driver: the simulator has no modules, so what a driver's
 * module_init()/module_exit() pair does (register and unregister it with
 * its bus) is its row in the driver list (sim/board.h), which runs @init
 * at boot and at `drv load`, @exit at `drv unload`, on the current machine.
 * module_driver() makes one.
 */
struct sim_module {
	const struct device_driver *driver;
	int (*init)(void);
	void (*exit)(void);
};

#define module_driver(__driver, __register, __unregister, ...)		\
static int __driver##_init(void)					\
{									\
	return __register(&(__driver), ##__VA_ARGS__);			\
}									\
static void __driver##_exit(void)					\
{									\
	__unregister(&(__driver), ##__VA_ARGS__);			\
}									\
const struct sim_module __driver##_module = {				\
	.driver = &(__driver).driver,					\
	.init = __driver##_init,					\
	.exit = __driver##_exit,					\
}

/* Device link flags, as in include/linux/device.h. */
#define DL_FLAG_STATELESS		BIT(0)
#define DL_FLAG_AUTOREMOVE_CONSUMER	BIT(1)
#define DL_FLAG_PM_RUNTIME		BIT(2)
#define DL_FLAG_RPM_ACTIVE		BIT(3)
#define DL_FLAG_AUTOREMOVE_SUPPLIER	BIT(4)
#define DL_FLAG_AUTOPROBE_CONSUMER	BIT(5)
#define DL_FLAG_MANAGED			BIT(6)

enum device_link_state {
	DL_STATE_NONE = -1,
	DL_STATE_DORMANT = 0,
	DL_STATE_AVAILABLE,
	DL_STATE_CONSUMER_PROBE,
	DL_STATE_ACTIVE,
	DL_STATE_SUPPLIER_UNBIND,
};

struct device_link {
	struct device *supplier;
	struct list_head s_node;
	struct device *consumer;
	struct list_head c_node;
	struct list_head sim_node;		/* sim->links */
	enum device_link_state status;
	u32 flags;
	unsigned int refcount;
	bool rpm_active;			/* holds a supplier PM reference */
};

/* The console's name of @dev: its board label, or what `dev add` named it. */
static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

/*
 * The kernel's name of @dev (6.1's dev_name()), which its log lines
 * carry: "10205000.iommu" for a platform device made from a device-tree
 * node, "0000:00:03.0" for a PCI function; the console's name when the
 * kernel would have none other.
 */
static inline const char *dev_kernel_name(const struct device *dev)
{
	return dev->kernel_name ? dev->kernel_name : dev->name;
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

/*
 * Makes a device named @name on @bus for the optional DT node @np.  It is
 * not on the bus until device_add().  Returns NULL only if out of memory.
 */
struct device *device_alloc(struct sim *sim, const char *name,
			    const struct bus_type *bus, struct device_node *np);
/* Adds @dev to the machine and tries to bind it (device_add()). */
int device_add(struct device *dev);
/*
 * Unbinds @dev, drops its links and IOMMU state and takes it off the
 * machine (device_del()); whoever still holds a reference keeps a
 * struct device that is no longer registered.
 */
void device_del(struct device *dev);
/* device_del() and the reference device_alloc() gave (device_unregister()). */
void device_unregister(struct device *dev);
/* Takes a reference; NULL stays NULL. */
struct device *get_device(struct device *dev);
/* Drops a reference; the last one frees the device. */
void put_device(struct device *dev);
struct device *sim_find_device(struct sim *sim, const char *name);
/*
 * Fills @m with @dev's hardware record as a bus master (sim/hw.h): its
 * node, requester ID and ports, under @dev's name.
 */
void dev_bus_master(struct device *dev, struct sim_bus_master *m);

/*
 * Registers @drv on @bus with the current machine and binds it to every
 * matching device (driver_register()).  Returns -EBUSY if it is
 * registered already, -ENODEV with no machine.
 */
int driver_register_bus(struct device_driver *drv, const struct bus_type *bus);
/* The same on @drv->bus. */
int driver_register(struct device_driver *drv);
/* Unbinds @drv from its devices and forgets it. */
void driver_unregister(struct device_driver *drv);
bool driver_is_registered(const struct sim *sim, const struct device_driver *drv);
/* Unregisters every driver, the last registered first (a machine going down). */
void driver_unregister_all(struct sim *sim);
/*
 * The console's `drv load` and `drv unload`: runs @mod's init or exit on
 * @sim.  Loading returns its error, -EBUSY when loaded already; unloading
 * returns -ENODEV when not loaded.
 */
int sim_module_load(struct sim *sim, const struct sim_module *mod);
int sim_module_unload(struct sim *sim, const struct sim_module *mod);

/* Unbinds @dev from its driver, unbinding managed consumers first. */
void device_release_driver(struct device *dev);
bool device_is_bound(const struct device *dev);
/*
 * The driver registered on @sim as @name, or NULL; *@bus gets the bus it
 * registered on (the directory /sys/bus/BUS/drivers/NAME).
 */
const struct device_driver *driver_find_registered(const struct sim *sim,
						   const char *name,
						   const struct bus_type **bus);
/*
 * Writing @dev's name to @drv's sysfs "bind" (bind_store()): -ENODEV
 * unless @drv's bus matches @dev to it, then device_driver_attach()'s
 * result: -EBUSY for a bound device, the probe's error as a negative
 * errno, -EAGAIN for a probe that deferred.
 */
int device_bind_driver_by_user(const struct device_driver *drv,
			       const struct bus_type *bus, struct device *dev);
/* Writing @dev's name to its driver's sysfs "unbind" (device_driver_detach()). */
void device_unbind_by_user(struct device *dev);

/*
 * Messages about a device (sim/core/dev_printk.c): one line of its
 * machine's kernel log (sim/printk.h) at kernel log level @level
 * (LOGLEVEL_ERR ...), prefixed as 6.1's dev_printk() does: the driver's
 * name, else the bus's, then the kernel's name of the device
 * ("mtk-iommu 10205000.iommu: ", "pci 0000:00:03.0: ").
 */
void dev_printk(const struct device *dev, int level, const char *fmt, ...) __printf(3, 4);
/*
 * An IOMMU driver's fault report: dev_err(), marked so that `faults` can
 * list every IOMMU's reports.
 */
void dev_err_fault(const struct device *dev, const char *fmt, ...) __printf(2, 3);

#define dev_err(dev, ...)	dev_printk(dev, LOGLEVEL_ERR, __VA_ARGS__)
#define dev_warn(dev, ...)	dev_printk(dev, LOGLEVEL_WARNING, __VA_ARGS__)
#define dev_notice(dev, ...)	dev_printk(dev, LOGLEVEL_NOTICE, __VA_ARGS__)
#define dev_info(dev, ...)	dev_printk(dev, LOGLEVEL_INFO, __VA_ARGS__)

/*
 * The deferred-probe machinery.  dev_err_probe() records @fmt as the
 * reason when @err is -EPROBE_DEFER, logs "error -ENAME: @fmt" for any
 * other error, as 6.1 does, and returns @err.
 */
int dev_err_probe(struct device *dev, int err, const char *fmt, ...) __printf(3, 4);
void driver_deferred_probe_trigger(struct sim *sim);
/* Runs queued deferred-probe work now (flush_work()). */
void driver_deferred_probe_flush(struct sim *sim);
int driver_deferred_probe_check_state(struct device *dev);
/* Makes the deferred-probe work items of a machine about to boot. */
void deferred_probe_init(struct sim *sim);
/* late_initcall: enables deferred probing and arms the timeout. */
void deferred_probe_initcall(struct sim *sim);
bool device_is_deferred(const struct device *dev);

/*
 * Managed resources (devres): taken for the driver bound to @dev, given
 * back newest first when it is unbound or its probe fails.
 *
 * devm_kmalloc() and devm_kzalloc() return memory freed then; NULL if
 * out of memory.  devm_add_action() runs @action(@data) then; 0 or
 * -ENOMEM (the _or_reset variant runs it at once when it cannot be
 * recorded).
 */
void *__devm_kmalloc(struct device *dev, size_t size, gfp_t gfp, bool zero,
		     const char *caller);
#define devm_kmalloc(dev, size, gfp)	__devm_kmalloc(dev, size, gfp, false, __func__)
#define devm_kzalloc(dev, size, gfp)	__devm_kmalloc(dev, size, gfp, true, __func__)
int devm_add_action(struct device *dev, void (*action)(void *), void *data);
int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);
/* Gives back everything @dev's driver took (the driver core calls it). */
void devres_release_all(struct device *dev);

/*
 * Maps @res (a memory resource) until the driver goes.  On failure logs
 * the kernel's line and returns ERR_PTR(-EINVAL) ("invalid resource": no
 * such resource) or ERR_PTR(-ENOMEM) ("ioremap failed for resource
 * [mem ...]").  A window costs the same whatever its size.
 */
struct resource;
void __iomem *devm_ioremap_resource(struct device *dev, const struct resource *res);

/*
 * Attaches @handler to line @irq for @dev until devm_free_irq() or @dev's
 * driver goes (a devres).  Returns sim_irq_attach()'s (sim/irq.h).
 */
int devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
		     unsigned long flags, const char *name, void *dev_id);
void devm_free_irq(struct device *dev, unsigned int irq, void *dev_id);

/*
 * Links @consumer to @supplier.  Managed links (no DL_FLAG_STATELESS) hold
 * back the consumer's probe until the supplier is bound, and unbind the
 * consumer before the supplier.  Returns the link (an existing one gets a
 * reference), or NULL when the request is invalid or @supplier is not on
 * the PM core's list (not added yet, or deleted).
 */
struct device_link *device_link_add(struct device *consumer,
				    struct device *supplier, u32 flags);
void device_link_del(struct device_link *link);
void device_link_remove(struct device *consumer, struct device *supplier);

#endif
