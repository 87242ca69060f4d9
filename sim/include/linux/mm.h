/*
 * Pages (include/linux/mm.h, asm/page.h): whole pages of the current
 * machine's simulated RAM, for what hardware reads from memory (an
 * IOMMU's tables).  A struct page is a cookie for its frame number,
 * never dereferenced; phys_to_virt() gives where the simulator keeps a
 * physical address's byte, valid up to the end of its page, so a driver
 * reads and writes a table in place as the kernel's linear map lets it.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/gfp.h>
#include <linux/types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

struct page;

/*
 * 2^@order zeroed pages, counted by the current machine's fail-nth as
 * fail_page_alloc; NULL when out of simulated RAM or with no machine.
 */
struct page *__alloc_pages_caller(gfp_t gfp, unsigned int order, const char *caller);
#define alloc_pages(gfp, order)	__alloc_pages_caller(gfp, order, __func__)
void __free_pages(struct page *page, unsigned int order);

#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))

phys_addr_t page_to_phys(struct page *page);
struct page *pfn_to_page(unsigned long pfn);
void *phys_to_virt(phys_addr_t pa);
#define page_address(page)	phys_to_virt(page_to_phys(page))

#endif
