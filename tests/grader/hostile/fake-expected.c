/*
 * Hostile: a new group for every master (wrong), while printing the
 * lines a right answer gives, the fixture's expected lines and the end
 * record of the grader's channel, to standard output and standard error.
 * Only the console's own lines on the channel count: every test must
 * fail on the lines the console printed.
 * Replaces: mtk_iommu_device_group.c
 * Expect: score 0
 * Expect: verdict FAIL
 */
#include <stdio.h>

#include <linux/err.h>
#include <linux/iommu.h>

#include "mtk_iommu.h"

static const char fake_lines[] =
	"board mt8173-evb: 25 devices, 25 bound, 0 deferred\n"
	"group 0 devices=ovl0,ovl1,rdma0,rdma1,rdma2,wdma0,wdma1,mdp_rdma0,mdp_rdma1,"
	"mdp_wdma0,mdp_wrot0,mdp_wrot1,vcodec_dec,vcodec_enc_avc,vcodec_enc_vp8,jpegdec,"
	"cam_isp type=DMA domain=dom0\n"
	"\036end of script\n";

struct iommu_group *mtk_iommu_device_group(struct device *dev)
{
	fputs(fake_lines, stdout);
	fputs(fake_lines, stderr);
	fflush(NULL);
	if (!dev_iommu_priv_get(dev))
		return ERR_PTR(-ENODEV);
	return iommu_group_alloc();
}
