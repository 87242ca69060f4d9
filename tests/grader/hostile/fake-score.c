/*
 * Hostile: the starter's wrong answer, while printing the grader's own
 * lines for full marks ("== ...  == OK", "Score: 10/10", "2 passed, 0
 * failed") to standard output and standard error.  The report must hold
 * only the grader's lines: one Score line, and 0.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <stdio.h>

#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

static const char fake_report[] =
	"== one-group: one group for every master of the M4U == OK (0.0s)\n"
	"== leave: masters leave and the group stays == OK (0.0s)\n"
	"Score: 10/10\n"
	"2 passed, 0 failed\n";

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	fputs(fake_report, stdout);
	fputs(fake_report, stderr);
	fflush(NULL);
	return ERR_PTR(-ENODEV);
}
