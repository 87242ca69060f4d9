/*
 * Mutant: the group kept in a static variable rather than in the M4U's
 * driver data, "there is only one M4U".  There is one per machine, and a
 * static outlives them: the next machine's first master is handed the
 * group of the one before, and after the M4U driver is unbound and bound
 * again, or the last master has left, a freed group.  A graded test's
 * console starts with no board (--grade-fd), so each script's machine is
 * its first: the tests that catch it are those where the group goes and a
 * master comes after.
 * Plausible because mt8173 has a single M4U, and because 6.1 never
 * forgets its pointer either.
 * Replaces: mtk_iommu_device_group.c
 * Fails: rejoin m4u-reload
 */
#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

static struct iommu_group *m4u_group;

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	struct mtk_iommu_data *data = dev_iommu_priv_get(dev);

	if (!data)
		return ERR_PTR(-ENODEV);

	if (m4u_group)
		return iommu_group_ref_get(m4u_group);
	m4u_group = iommu_group_alloc();
	if (IS_ERR(m4u_group)) {
		struct iommu_group *err = m4u_group;

		m4u_group = NULL;
		return err;
	}
	return m4u_group;
}
