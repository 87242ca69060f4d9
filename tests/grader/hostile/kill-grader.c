/*
 * Hostile: tries to kill the grader (its parent) and its own process
 * group, then gives the starter's wrong answer.  The sandbox refuses
 * signals to any process but the test's own: the grader must live on
 * and grade every test as failed.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <signal.h>
#include <unistd.h>

#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	kill(getppid(), SIGKILL);
	kill(0, SIGKILL);
	return ERR_PTR(-ENODEV);
}
