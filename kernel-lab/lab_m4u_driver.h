/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The inside of iommu_lab_m4u.ko, shared by its two files: the M4U's state
 * (lab_m4u_iommu.c) and its domains (lab_m4u_domain.c).
 */
#ifndef KERNEL_LAB_LAB_M4U_DRIVER_H
#define KERNEL_LAB_LAB_M4U_DRIVER_H

#include <linux/iommu.h>
#include <linux/mutex.h>

#include <trace/events/iommu_lab.h>

#include "lab_m4u.h"

/* A registered M4U (mtk_iommu.c's struct mtk_iommu_data, cut down). */
struct lab_m4u {
	struct device *dev;
	struct iommu_device iommu;
	struct lab_m4u_pdata pdata;
	struct mutex lock;		/* group */
	struct iommu_group *group;	/* one group for every master */
	int group_id;			/* its number, for the release event */
};

/* lab_m4u_domain.c */
extern const struct iommu_domain_ops lab_m4u_domain_ops;
/* ops->domain_alloc: DMA and unmanaged domains only, as mt8173's M4U. */
struct iommu_domain *lab_m4u_domain_alloc(unsigned int type);

/*
 * lab_m4u_iommu.c: reporting through the hooks; nothing when there are
 * none.  The module's trace events are <trace/events/iommu_lab.h>'s
 * helpers, which hand their text to this module's lab_trace_event().
 */
const char *lab_m4u_domain_name(struct iommu_domain *domain);
void lab_m4u_domain_forget(struct iommu_domain *domain);

#endif
