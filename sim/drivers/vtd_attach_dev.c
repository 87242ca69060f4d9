/*
 * attach_dev: points a device's context entry at a domain
 * (intel_iommu_attach_device() in 6.1).
 *
 * As in 6.1, a device whose context already points at a domain is blocked
 * first and only then checked against the new one, so a failed attach
 * leaves it blocked until the core puts its old domain back.  Firmware
 * context entries copied by a kdump kernel are not blocked: the new
 * domain's entry replaces them.  Whether the unit can serve the domain at
 * all is vtd_prepare_attach.c's question.
 */
#include <linux/errno.h>
#include <linux/iommu.h>

#include "vtd.h"

int vtd_attach_dev(struct iommu_domain *domain, struct device *dev)
{
	struct vtd_dev_info *info = dev_iommu_priv_get(dev);
	int ret;

	if (!info)
		return -ENODEV;

	if (info->domain)
		vtd_block_translation(info);

	if (!vtd_domain_is_si(domain)) {
		ret = vtd_prepare_attach(to_vtd_domain(domain), info);
		if (ret)
			return ret;
	}

	ret = vtd_domain_add_dev(domain, info);
	if (ret)
		return ret;
	if (iommu_is_dma_domain(domain))
		info->dma_api_attached = true;
	return 0;
}
