/*
 * Linux 6.1's drivers/iommu/iova.c, compiled as it is (extracted into the
 * build tree), and after it the one reader the identity check needs of
 * what the file keeps private: how many pfns each range cache bin holds
 * in the CPU's loaded and spare magazines and how many full magazines sit
 * in its depot.
 */
#include <drivers/iommu/iova.c>

int peer_kernel_rcache_stat(struct iova_domain *iovad, unsigned int order,
			    unsigned long *loaded, unsigned long *prev,
			    unsigned long *depot);

int peer_kernel_rcache_stat(struct iova_domain *iovad, unsigned int order,
			    unsigned long *loaded, unsigned long *prev,
			    unsigned long *depot)
{
	struct iova_cpu_rcache *cpu;
	struct iova_rcache *bin;

	if (!iovad->rcaches || order >= IOVA_RANGE_CACHE_MAX_SIZE)
		return -EINVAL;
	bin = &iovad->rcaches[order];
	cpu = per_cpu_ptr(bin->cpu_rcaches, 0);
	*loaded = cpu->loaded->size;
	*prev = cpu->prev->size;
	*depot = bin->depot_size;
	return 0;
}
