/*
 * The era table: what each kernel version the simulator replays does
 * differently (sim/era.h says what each flag means), and in one line
 * how it differs from v6.1, for the console.  The behaviour in
 * each row is the one the reference threads argue about and the kernel
 * of that version has.
 */
#include <string.h>

#include <sim/era.h>
#include <sim/errno.h>

const struct sim_era_data sim_eras[ERA_COUNT] = {
	[ERA_V4_4] = {
		.name = "v4.4",
		.what = "masters get an arch fake domain first, joining a group "
			"attaches nothing, no IOMMU probe deferral",
		.flags = ERA_ARCH_FAKE_DOMAIN | ERA_GROUP_ADD_NO_ATTACH |
			 ERA_DOMAIN_WITH_GROUP | ERA_DMA_DOMAIN_ONLY |
			 ERA_DETACH_SKIPS_DEFERRED | ERA_M4U_FAULT_VA_PAGE |
			 ERA_IOMMU_DRIVERS_FIRST | ERA_VTD_UNMANAGED_ONLY |
			 ERA_VFIO_PROT_CACHE | ERA_NO_DMA_OWNERSHIP,
		/* intel_iommu_attach_device(): no force_snooping yet; -EFAULT */
		.attach_incompatible = { 0, -EFAULT },
		.iommu_missing = ERA_MISSING_DIRECT,
	},
	[ERA_V4_12] = {
		.name = "v4.12",
		.what = "masters wait, with no timeout, only for an IOMMU with a "
			"driver; DMA default domains only",
		.flags = ERA_DOMAIN_WITH_GROUP | ERA_DMA_DOMAIN_ONLY |
			 ERA_DETACH_SKIPS_DEFERRED | ERA_M4U_FAULT_VA_PAGE |
			 ERA_VTD_UNMANAGED_ONLY |
			 ERA_VFIO_PROT_CACHE | ERA_NO_DMA_OWNERSHIP |
			 ERA_VFIO_PLATFORM_RESET,
		.attach_incompatible = { 0, -EFAULT },
		.iommu_missing = ERA_MISSING_DEFER_DECLARED,
	},
	[ERA_V5_19] = {
		.name = "v5.19",
		.what = "an attach the IOMMU cannot honour returns -EMEDIUMTYPE "
			"(the 2022 proposal)",
		.flags = ERA_DETACH_SKIPS_DEFERRED | ERA_VFIO_TRY_EXISTING |
			 ERA_VFIO_CACHE_COHERENCY | ERA_VFIO_PLATFORM_RESET |
			 ERA_DETACH_CHECKS_DOMAIN,
		/* the series' intel/iommu.c hunk: one errno for both */
		.attach_incompatible = { -EMEDIUMTYPE, -EMEDIUMTYPE },
		.iommu_missing = ERA_MISSING_CHECK_STATE,
	},
	[ERA_V6_1] = {
		.name = "v6.1",
		.what = "Debian 12's kernel, the default",
		.flags = ERA_DETACH_SKIPS_DEFERRED | ERA_VFIO_CACHE_COHERENCY |
			 ERA_VFIO_PLATFORM_RESET | ERA_VFIO_PLATFORM_RESET_ALWAYS |
			 ERA_DETACH_CHECKS_DOMAIN,
		/* 6.1's prepare_domain_attach_device() */
		.attach_incompatible = { -EOPNOTSUPP, -EFAULT },
		.iommu_missing = ERA_MISSING_CHECK_STATE,
	},
	/* set_platform_dma_ops is mainline's from 6.3; this era takes it too */
	[ERA_V6_2] = {
		.name = "v6.2",
		.what = "a deferred attach is done by the first DMA API call, "
			"detach always detaches, set_platform_dma_ops",
		.flags = ERA_ATTACH_DEFERRED_FLAG | ERA_SET_PLATFORM_DMA |
			 ERA_VFIO_CACHE_COHERENCY | ERA_VFIO_PLATFORM_RESET |
			 ERA_VFIO_PLATFORM_RESET_ALWAYS | ERA_DETACH_CHECKS_DOMAIN,
		/*
		 * 6.3's "iommu: Use EINVAL for incompatible device/domain in
		 * ->attach_dev", taken with set_platform_dma_ops (6.2's own
		 * intel driver still said -EOPNOTSUPP and -EFAULT)
		 */
		.attach_incompatible = { -EINVAL, -EINVAL },
		.iommu_missing = ERA_MISSING_CHECK_STATE,
	},
};

const char *sim_era_name(enum sim_era era)
{
	return era < ERA_COUNT ? sim_eras[era].name : "?";
}

int sim_era_from_name(const char *name)
{
	for (int i = 0; i < ERA_COUNT; i++)
		if (!strcmp(sim_eras[i].name, name))
			return i;
	return -EINVAL;
}
