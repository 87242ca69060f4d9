/*
 * Booting a board: a device tree blob becomes devices on their buses, the
 * built-in drivers register in initcall order, and late_initcall enables
 * deferred probing.  The built-in driver catalogue lives here too.
 */
#ifndef SIM_BOARD_H
#define SIM_BOARD_H

#include <stddef.h>
#include <sim/types.h>

struct sim;
struct device;
struct device_driver;
struct sim_module;

/* Every driver the simulator has, in the order built-in drivers initialise. */
extern const struct sim_module *const sim_builtin_drivers[];
extern const size_t sim_builtin_driver_count;
/* The driver named @name (struct device_driver.name), or NULL. */
const struct sim_module *sim_builtin_driver(const char *name);
/* The IOMMU drivers among them, NULL-ended (a machine's iommu_of_table). */
extern const struct sim_module *const sim_builtin_iommu_drivers[];
/* Those initialised first in an era with ERA_IOMMU_DRIVERS_FIRST, NULL-ended. */
extern const struct sim_module *const sim_builtin_early_drivers[];

#define BOARD_NO_DRIVERS	BIT(0)	/* boot without registering drivers */

/*
 * Boots the blob @fdt (@size bytes) as board @name on @sim, tearing down
 * the board it had first.  On success the machine has run to its first
 * quiet point.  On failure returns -errno (-EINVAL for a bad blob or a bad
 * memory node, -EBUSY for overlapping registers, -EEXIST for two nodes
 * that make one device name) with a one-line reason in @err, without
 * the errno, and @sim has no board.
 */
int sim_board_boot(struct sim *sim, const char *name, const void *fdt,
		   size_t size, unsigned int flags, char *err, size_t errlen);
/*
 * The same, built beside the machine *@simp: a new machine with its era,
 * boot parameters, trace switch and fault injections (fault-inject.h)
 * boots @fdt.  On success the old one is freed (its listeners hear its
 * teardown), the new one takes its trace and kernel-log listeners, which
 * hear the boot's events and lines then, and *@simp points at it.  On
 * failure *@simp is as it was: its kernel-log listener hears the failed
 * boot's lines but its log does not keep them, and it takes back the
 * injections the boot did not spend.  The return and @err are
 * sim_board_boot()'s.
 */
int sim_board_replace(struct sim **simp, const char *name, const void *fdt,
		      size_t size, unsigned int flags, char *err, size_t errlen);
/* A device added by hand (the console's `dev add`). */
struct sim_dev_spec {
	const char *name;
	const char *compatible;
	const char *iommu;		/* label of the IOMMU node, or NULL */
	u32 ids[16];			/* its iommus specifier cells */
	int nr_ids;
	const char *larb;		/* label of the SMI larb, or NULL */
	bool pci;			/* on the PCI bus, else platform */
	bool slot_given;		/* PCI: put it at slot, else the first free */
	unsigned int slot;		/* PCI: its device number on the root bus */
};

/*
 * Makes a DT node for @spec, adds the device and tries to bind it.  A PCI
 * function is function 0 of a slot of the first host bridge's root bus:
 * @spec's slot, or the lowest free one from 1 (slot 0 is the host bridge's
 * own on a PC), as a hot-add with no address takes.  Returns 0, or -EEXIST
 * (name taken), -ENODEV (unknown IOMMU or larb node, no host bridge),
 * -EBUSY (the slot has a function), -ENOSPC (no free slot), -EINVAL (bad
 * spec, or a name outside sim/name.h's grammar) with the machine unchanged
 * and a reason in @err.
 */
int sim_dev_create(struct sim *sim, const struct sim_dev_spec *spec,
		   char *err, size_t errlen);
/* Unbinds and removes device @name; -ENODEV if there is none. */
int sim_dev_destroy(struct sim *sim, const char *name);

/*
 * Whether deleting device @victim, or unloading driver @drv (either may be
 * NULL), would take @dev's driver, its IOMMU or @dev itself away: @dev is
 * the victim or bound to @drv, or its parent, its IOMMU's device or a
 * managed supplier is itself affected.
 */
bool sim_dev_affected(const struct device *dev, const struct device *victim,
		      const struct device_driver *drv);
/*
 * The removal the console refuses: a device it would take through its
 * parent, its IOMMU or a supplier is in a group VFIO owns.  The device
 * itself (or a device of @drv) may go: its VFIO driver's remove takes
 * the group out of its container (vfio_device_remove_group()).
 * Returns 0, or -EBUSY with the holder named in @err.
 */
int sim_removal_check(struct sim *sim, const struct device *victim,
		      const struct device_driver *drv, char *err, size_t errlen);

/* Tears the machine down to no board. */
void sim_board_teardown(struct sim *sim);

#endif
