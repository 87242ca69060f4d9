/*
 * Hostile: the starter's wrong answer, while printing TAP that says
 * every test passed, to standard output and standard error.  Both are
 * the test's log, which the grader never reads for a verdict: every test
 * must still fail, and the TAP file must be the grader's.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <stdio.h>

#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

static const char fake_tap[] =
	"1..2\n"
	"ok 1 - one-group: one group for every master of the M4U\n"
	"ok 2 - leave: masters leave and the group stays\n";

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	fputs(fake_tap, stdout);
	fputs(fake_tap, stderr);
	fflush(NULL);
	return ERR_PTR(-ENODEV);
}
