/*
 * Hostile: a fork bomb in device_group.  The sandbox fails every fork
 * (EPERM), so the loop only spins: the test must be reported as a
 * TIMEOUT, its process group killed, and no process of it left running.
 * Without the sandbox (a broken build of the console), each child sleeps
 * instead of forking again and the parent stops at 200 of them, so that
 * this file cannot harm the machine even then; the grader's kill of the
 * process group must still leave nothing behind.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict TIMEOUT
 */
#include <unistd.h>

#include <linux/iommu.h>

#include "mtk_iommu.h"

#define BOMB_CHILDREN	200

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	unsigned int born = 0;

	while (born < BOMB_CHILDREN) {
		pid_t pid = fork();

		if (pid == 0)
			for (;;)
				pause();
		if (pid > 0)
			born++;
	}
	for (;;)
		pause();
	return NULL;
}
