/*
 * Hostile: prints 100 MB to standard output at the first master.  The
 * log is capped (RLIMIT_FSIZE): the process is killed when it passes
 * the cap, the test fails saying so, and no log grows past the cap.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <stdio.h>
#include <string.h>

#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

#define FLOOD_BYTES	(100u << 20)

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	static char line[4096];

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 2] = '\n';
	for (unsigned int sent = 0; sent < FLOOD_BYTES; sent += sizeof(line) - 1)
		fputs(line, stdout);
	return ERR_PTR(-ENODEV);
}
