/*
 * Hostile: the starter's wrong answer, while writing a results.json with
 * full marks where the grader will write its own: beside the program
 * (the grade's folder), and at the default build/grade/01/.  The sandbox
 * refuses the writes; and the grader writes results.json after the
 * tests, whole, in one rename.  Afterwards results.json must hold the
 * grader's verdicts and a score of 0.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

static const char fake_results[] =
	"{ \"score\": 10, \"tests\": [ "
	"{ \"name\": \"one-group\", \"score\": 6, \"max_score\": 6, \"status\": \"passed\" }, "
	"{ \"name\": \"leave\", \"score\": 4, \"max_score\": 4, \"status\": \"passed\" } ] }\n";

static void write_results(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return;
	}
	fputs(fake_results, f);
	fclose(f);
}

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	char path[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 32);

	if (len > 0) {
		path[len] = '\0';
		strcpy(strrchr(path, '/') + 1, "results.json");
		write_results(path);
	}
	write_results("build/grade/01/results.json");
	return ERR_PTR(-ENODEV);
}
