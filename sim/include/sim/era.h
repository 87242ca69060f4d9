/*
 * The kernel versions whose behaviour the simulator replays, and what
 * each does differently: one row per era, flags for what it has and
 * values where it differs, the way mtk_iommu.c's mt8173_data describes
 * one SoC.  Code asks the machine's row (sim_era(), sim.h); it never
 * compares era numbers.
 */
#ifndef SIM_ERA_H
#define SIM_ERA_H

#include <sim/types.h>

enum sim_era {
	ERA_V4_4,
	ERA_V4_12,
	ERA_V5_19,
	ERA_V6_1,
	ERA_V6_2,
	ERA_COUNT
};

/*
 * DMA ops are set up when the device is created, before the IOMMU driver
 * has seen it: the device gets a "fake" default domain of its own, and
 * attaches to it, as soon as the driver's probe_device accepts it.
 */
#define ERA_ARCH_FAKE_DOMAIN		BIT(0)
/*
 * A device joining a group that has a domain takes it without attach_dev
 * being called (iommu_group_get_for_dev() only set group->domain).
 */
#define ERA_GROUP_ADD_NO_ATTACH		BIT(1)
/*
 * The group's default domain is allocated with the group, before the
 * first device joins, and a newly registered IOMMU is offered the
 * machine's devices one at a time (add_device); later eras make every
 * group first and then one default domain per group, after it.
 */
#define ERA_DOMAIN_WITH_GROUP		BIT(2)
/* The default domain is always a DMA domain: no passthrough, no flush queue. */
#define ERA_DMA_DOMAIN_ONLY		BIT(3)
/* __iommu_detach_device() skips a device whose attach is deferred. */
#define ERA_DETACH_SKIPS_DEFERRED	BIT(4)
/*
 * A deferred first attach is remembered in dev->iommu->attach_deferred
 * and done by the first DMA API call; detach is unconditional.
 */
#define ERA_ATTACH_DEFERRED_FLAG	BIT(5)
/* A group left with no domain goes back to the driver's set_platform_dma_ops. */
#define ERA_SET_PLATFORM_DMA		BIT(6)
/* mtk_iommu's fault handler reports FAULT_VA masked to bits 31:12. */
#define ERA_M4U_FAULT_VA_PAGE		BIT(7)
/*
 * The IOMMU drivers, and the SMI drivers the M4U needs, initialise
 * before the masters' drivers: of_iommu_init() ran each IOMMU_OF_DECLARE
 * init function (v4.6 mtk_iommu_init_fn() registers the M4U's driver)
 * before the masters were populated, and 2016's mtk-smi.c registered at
 * subsys_initcall.  The M4U is up before any master probes.
 */
#define ERA_IOMMU_DRIVERS_FIRST		BIT(8)
/*
 * intel_iommu_domain_alloc() makes IOMMU_DOMAIN_UNMANAGED domains only
 * (v4.4, v4.12): a VT-d group has no default domain, and the DMA API
 * went through intel_dma_ops' private domains, outside the IOMMU API.
 */
#define ERA_VTD_UNMANAGED_ONLY		BIT(9)
/*
 * VFIO type1 as the June 2022 series "Simplify vfio_iommu_type1
 * attach/detach routine" proposed it: a group first tries each domain the
 * container has, and a new domain is allocated only when every one refuses
 * with the incompatibility errno.  Without it, 6.1's order: a new domain
 * is allocated and attached first, and an existing one is taken instead
 * when it has the same ops and the same cache-coherency enforcement.
 */
#define ERA_VFIO_TRY_EXISTING		BIT(10)
/*
 * VFIO type1 before 5.19: domains are compared by ops and by their
 * IOMMU_CACHE prot, which a domain gets when the bus's IOMMU reports
 * IOMMU_CAP_CACHE_COHERENCY (every unit has snoop control), and the
 * fine-grained-superpage probe maps at IOVA 0 with no reserved-region
 * list to consult.
 */
#define ERA_VFIO_PROT_CACHE		BIT(11)
/*
 * No DMA ownership (5.19's iommu_group_claim_dma_owner() and
 * iommu_device_use_default_domain()): a kernel driver binds into a group
 * VFIO uses, and VFIO puts a group whose devices have drivers into a
 * container; only vfio_group_nb_verify()'s BUG_ON stood in the way.
 */
#define ERA_NO_DMA_OWNERSHIP		BIT(12)
/*
 * 5.19's "vfio: Require that devices support DMA cache coherence":
 * vfio_group_find_or_alloc() refuses (-EINVAL) a device whose IOMMU does
 * not report IOMMU_CAP_CACHE_COHERENCY, so a VFIO driver's probe fails.
 */
#define ERA_VFIO_CACHE_COHERENCY	BIT(13)
/*
 * vfio-platform wants a reset handler for the device unless its module
 * parameter reset_required is 0 (b5add544d67, "vfio, platform: make reset
 * driver a requirement by default", between v4.4 and v4.12): the probe
 * fails with -ENOENT.
 */
#define ERA_VFIO_PLATFORM_RESET		BIT(14)
/*
 * 6.1's vfio_platform_init_common() (from 6.1's move to the device life
 * cycle helpers) returns the missing reset's -ENOENT whatever
 * reset_required says; the parameter only silences the error line.
 * Fixed in January 2023 (168a9c91fe0a), after 6.2.
 */
#define ERA_VFIO_PLATFORM_RESET_ALWAYS	BIT(15)
/*
 * iommu_detach_device() WARNs, and does nothing, when the domain is not
 * the group's: its WARN_ON(domain != group->domain) came with the
 * blocking domain (0286300e6045, "iommu: iommu_group_claim_dma_owner()
 * must always assign a domain", v5.19).  Earlier kernels only checked
 * that the device was alone in its group (WARN_ON) and then detached the
 * group from whatever domain was named; the simulator does not model
 * that detach: in those eras it does nothing there, without a WARN.
 */
#define ERA_DETACH_CHECKS_DOMAIN	BIT(16)

/* What a master does when its IOMMU is declared but has no driver registered. */
enum era_iommu_missing {
	/* Never waits: direct DMA at once (before IOMMU probe deferral). */
	ERA_MISSING_DIRECT,
	/*
	 * Waits, with no timeout, for an IOMMU whose compatible the kernel
	 * has a driver for (an IOMMU_OF_DECLARE entry); direct DMA otherwise.
	 */
	ERA_MISSING_DEFER_DECLARED,
	/* Asks driver_deferred_probe_check_state(): waits until the timeout. */
	ERA_MISSING_CHECK_STATE,
};

struct sim_era_data {
	const char *name;			/* "v6.1" */
	/*
	 * What the era does differently from v6.1, the default, in one
	 * line: `era` and `era list` print it.
	 */
	const char *what;
	unsigned long flags;			/* ERA_* above */
	/*
	 * What attach_dev returns for a domain the device's IOMMU cannot
	 * use, per reason: the domain enforces snooping the unit cannot
	 * (0: the era has no such promise), or maps above the unit's width.
	 */
	struct {
		int snoop;
		int width;
	} attach_incompatible;
	enum era_iommu_missing iommu_missing;
};

/* The rows, indexed by enum sim_era. */
extern const struct sim_era_data sim_eras[ERA_COUNT];

/* The name of @era ("v6.1"), or "?" for a value that is none. */
const char *sim_era_name(enum sim_era era);
/* Returns the era named @name ("v6.1"), or -EINVAL. */
int sim_era_from_name(const char *name);

#endif
