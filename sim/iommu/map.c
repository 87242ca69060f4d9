/*
 * Mapping through a domain (drivers/iommu/iommu.c): iommu_map() splits a
 * range into the biggest pages the domain and the alignment allow,
 * iommu_unmap() gathers what it removed and syncs the IOTLB once, and
 * report_iommu_fault() passes a fault to whoever listens.
 */
#include <limits.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/scatterlist.h>

#include "iommu-priv.h"

static unsigned int fls_ul(unsigned long x)
{
	return 63 - __builtin_clzl(x);
}

static unsigned int ffs_ul(unsigned long x)
{
	return __builtin_ctzl(x);
}

/*
 * The biggest supported page that fits @size and the alignment of both
 * addresses; *@count of them fit before a bigger page could start.
 */
size_t iommu_pgsize(struct iommu_domain *domain, unsigned long iova,
		    phys_addr_t paddr, size_t size, size_t *count)
{
	unsigned long addr_merge = paddr | iova;
	unsigned long pgsizes, pgsize_next;
	unsigned int pgsize_idx;
	size_t pgsize, offset, offset_end;

	pgsizes = domain->pgsize_bitmap & GENMASK(fls_ul(size), 0);
	if (addr_merge)
		pgsizes &= GENMASK(ffs_ul(addr_merge), 0);
	if (!pgsizes)
		return 0;	/* the kernel BUG()s; callers check alignment first */

	pgsize_idx = fls_ul(pgsizes);
	pgsize = BIT(pgsize_idx);
	if (!count)
		return pgsize;

	pgsizes = domain->pgsize_bitmap & ~GENMASK(pgsize_idx, 0);
	if (!pgsizes)
		goto out_set_count;
	pgsize_next = BIT(ffs_ul(pgsizes));

	/* A bigger page only helps if both addresses sit alike in it. */
	if ((iova ^ paddr) & (pgsize_next - 1))
		goto out_set_count;

	offset = pgsize_next - (addr_merge & (pgsize_next - 1));
	if (!__builtin_add_overflow(offset, pgsize_next, &offset_end) &&
	    offset_end <= size)
		size = offset;

out_set_count:
	*count = size >> pgsize_idx;
	return pgsize;
}

static int __iommu_map_pages(struct iommu_domain *domain, unsigned long iova,
			     phys_addr_t paddr, size_t size, int prot,
			     size_t *mapped)
{
	const struct iommu_domain_ops *ops = domain->ops;
	size_t pgsize, count;
	int ret;

	pgsize = iommu_pgsize(domain, iova, paddr, size, &count);
	ret = should_fail_callback(domain->sim, FAIL_MAP, NULL);
	if (ret) {
		*mapped = 0;
		return ret;
	}
	if (ops->map_pages)
		return ops->map_pages(domain, iova, paddr, pgsize, count, prot,
				      GFP_KERNEL, mapped);
	ret = ops->map(domain, iova, paddr, pgsize, prot, GFP_KERNEL);
	*mapped = ret ? 0 : pgsize;
	return ret;
}

static size_t __iommu_unmap(struct iommu_domain *domain, unsigned long iova,
			    size_t size, struct iommu_iotlb_gather *gather);

static int __iommu_map(struct iommu_domain *domain, unsigned long iova,
		       phys_addr_t paddr, size_t size, int prot)
{
	unsigned long orig_iova = iova;
	size_t orig_size = size;
	phys_addr_t orig_paddr = paddr;
	unsigned long min_pagesz;
	int ret = 0;

	if (!(domain->ops->map || domain->ops->map_pages) || !domain->pgsize_bitmap)
		return -ENODEV;
	if (!(domain->type & __IOMMU_DOMAIN_PAGING))
		return -EINVAL;
	min_pagesz = 1UL << ffs_ul(domain->pgsize_bitmap);
	if ((iova | paddr | size) & (min_pagesz - 1)) {
		/* 6.1's pr_err() (pr_fmt "iommu: "), and -EINVAL */
		sim_printk_level(domain->sim, LOGLEVEL_ERR,
				 "iommu: unaligned: iova 0x%lx pa %pa size 0x%zx min_pagesz 0x%x",
				 iova, &paddr, size, (unsigned int)min_pagesz);
		return -EINVAL;
	}

	while (size) {
		size_t mapped = 0;

		ret = __iommu_map_pages(domain, iova, paddr, size, prot, &mapped);
		size -= mapped;
		if (ret)
			break;
		iova += mapped;
		paddr += mapped;
	}
	if (ret) {
		struct iommu_iotlb_gather gather;

		/* Undo what did get mapped. */
		iommu_iotlb_gather_init(&gather);
		__iommu_unmap(domain, orig_iova, orig_size - size, &gather);
		iommu_iotlb_sync(domain, &gather);
	}
	trace_map(domain->sim, domain->name, orig_iova, orig_paddr, orig_size, ret);
	return ret;
}

int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot)
{
	SIM_ENTER(domain->sim);
	int ret;

	iommu_domain_check_freed(domain, NULL, "iommu_map");
	ret = __iommu_map(domain, iova, paddr, size, prot);
	if (ret == 0 && domain->ops->iotlb_sync_map)
		domain->ops->iotlb_sync_map(domain, iova, size);
	return ret;
}

/*
 * 6.1's loop runs once past the last entry, looking at the last entry a
 * second time: that visit maps the run still pending.  Physically
 * contiguous entries go in one iommu_map call.
 */
ssize_t iommu_map_sg(struct iommu_domain *domain, unsigned long iova,
		     struct scatterlist *sg, unsigned int nents, int prot)
{
	size_t len = 0, mapped = 0;
	phys_addr_t start = 0;
	unsigned int i = 0;
	int ret;

	iommu_domain_check_freed(domain, NULL, "iommu_map_sg");
	while (i <= nents) {
		phys_addr_t s_phys = sg_phys(sg);

		if (len && s_phys != start + len) {
			ret = __iommu_map(domain, iova + mapped, start, len, prot);
			if (ret)
				goto out_err;
			mapped += len;
			len = 0;
		}
		if (len) {
			len += sg->length;
		} else {
			len = sg->length;
			start = s_phys;
		}
		if (++i < nents)
			sg = sg_next(sg);
	}
	if (domain->ops->iotlb_sync_map)
		domain->ops->iotlb_sync_map(domain, iova, mapped);
	return mapped;

out_err:
	iommu_unmap(domain, iova, mapped);
	return ret;
}

static size_t __iommu_unmap(struct iommu_domain *domain, unsigned long iova,
			    size_t size, struct iommu_iotlb_gather *gather)
{
	unsigned long orig_iova = iova;
	unsigned long min_pagesz;
	size_t unmapped = 0;

	if (!(domain->ops->unmap || domain->ops->unmap_pages) ||
	    !domain->pgsize_bitmap ||
	    !(domain->type & __IOMMU_DOMAIN_PAGING))
		return 0;
	min_pagesz = 1UL << ffs_ul(domain->pgsize_bitmap);
	if ((iova | size) & (min_pagesz - 1)) {
		/*
		 * 6.1's pr_err(): unmap's words have no "pa"; it returns 0.
		 * No WARN: 6.1 has none here.
		 */
		sim_printk_level(domain->sim, LOGLEVEL_ERR,
				 "iommu: unaligned: iova 0x%lx size 0x%zx min_pagesz 0x%x",
				 iova, size, (unsigned int)min_pagesz);
		return 0;
	}

	/* Until @size is gone or an unmapped hole stops us. */
	while (unmapped < size) {
		size_t pgsize, count, done;

		pgsize = iommu_pgsize(domain, iova, iova, size - unmapped, &count);
		done = domain->ops->unmap_pages ?
		       domain->ops->unmap_pages(domain, iova, pgsize, count, gather) :
		       domain->ops->unmap(domain, iova, pgsize, gather);
		if (!done)
			break;
		iova += done;
		unmapped += done;
	}
	trace_unmap(domain->sim, domain->name, orig_iova, size, unmapped);
	if (unmapped < size)
		trace_warn_unmap_not_mapped(domain->sim, domain->name, orig_iova + unmapped,
					    size - unmapped);
	return unmapped;
}

size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova, size_t size)
{
	SIM_ENTER(domain->sim);
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_domain_check_freed(domain, NULL, "iommu_unmap");
	iommu_iotlb_gather_init(&gather);
	ret = __iommu_unmap(domain, iova, size, &gather);
	iommu_iotlb_sync(domain, &gather);
	return ret;
}

size_t iommu_unmap_fast(struct iommu_domain *domain, unsigned long iova,
			size_t size, struct iommu_iotlb_gather *gather)
{
	SIM_ENTER(domain->sim);
	size_t unmapped;

	iommu_domain_check_freed(domain, NULL, "iommu_unmap_fast");
	unmapped = __iommu_unmap(domain, iova, size, gather);
	/* The caller owes an iommu_iotlb_sync(), or a flush queue will flush. */
	iommu_unflushed_add(domain, iova, unmapped, gather->queued);
	return unmapped;
}

phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	SIM_ENTER(domain->sim);
	if (domain->type == IOMMU_DOMAIN_IDENTITY)
		return iova;
	if (domain->type == IOMMU_DOMAIN_BLOCKED || !domain->ops->iova_to_phys)
		return 0;
	return domain->ops->iova_to_phys(domain, iova);
}

void iommu_flush_iotlb_all(struct iommu_domain *domain)
{
	SIM_ENTER(domain->sim);
	if (domain->ops->flush_iotlb_all)
		domain->ops->flush_iotlb_all(domain);
	iommu_unflushed_clear(domain, 0, ULONG_MAX);
}

void iommu_iotlb_sync(struct iommu_domain *domain,
		      struct iommu_iotlb_gather *gather)
{
	SIM_ENTER(domain->sim);
	if (domain->ops->iotlb_sync)
		domain->ops->iotlb_sync(domain, gather);
	iommu_unflushed_clear(domain, gather->start, gather->end);
	iommu_iotlb_gather_init(gather);
}

int iommu_domain_sim_walk(struct iommu_domain *domain, u64 iova,
			  struct sim_pgtable_walk *walk)
{
	SIM_ENTER(domain->sim);

	if (!domain->ops || !domain->ops->sim_walk)
		return -EOPNOTSUPP;
	return domain->ops->sim_walk(domain, iova, walk);
}

int report_iommu_fault(struct iommu_domain *domain, struct device *dev,
		       unsigned long iova, int flags)
{
	SIM_ENTER(domain->sim);
	int ret = -ENOSYS;

	if (domain->handler)
		ret = domain->handler(domain, dev, iova, flags,
				      domain->handler_token);
	trace_io_page_fault(domain->sim, dev ? dev_name(dev) : "-", domain->name, iova, flags);
	return ret;
}
