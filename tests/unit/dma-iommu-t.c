/*
 * dma-iommu's domain set-up and flush queue (Linux 6.1 dma-iommu.c), on
 * q35-vtd's edu: the reservations iommu_dma_init_domain makes, and when a
 * lazily freed IOVA becomes reusable.
 */
#include <sim/board.h>
#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/iommu.h>
#include <sim/iova.h>
#include <sim/mem.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>

#include "../../sim/iommu/dma-iommu.h"
#include "unit.h"

static struct iova_domain *edu_iovad(struct sim *sim, struct device **edu)
{
	struct iommu_domain *domain;

	*edu = sim_find_device(sim, "edu");
	assert_non_null(*edu);
	domain = iommu_get_dma_domain(*edu);
	assert_non_null(domain);
	assert_non_null(domain->iova_cookie);
	return &((struct iommu_dma_cookie *)domain->iova_cookie)->iovad;
}

static void test_reservations(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "q35-vtd", 0);
	struct device *edu;
	struct iova_domain *iovad = edu_iovad(sim, &edu);
	struct iova *r;

	(void)state;
	/* VT-d's granule is its smallest page, 4 KiB; pfn 0 is never used. */
	assert_int_equal(iovad->granule, SZ_4K);
	assert_int_equal(iovad->start_pfn, 1);
	/*
	 * The bridge's memory windows, QEMU's q35 PCI0._CRS with 512 MiB, in
	 * 4 KiB pfns: each is one reserved node, pfn_lo..pfn_hi.
	 */
	/* The VGA window 0xa0000-0xbffff. */
	r = find_iova(iovad, 0xb0);
	assert_non_null(r);
	assert_int_equal(r->pfn_lo, 0xa0);
	assert_int_equal(r->pfn_hi, 0xbf);
	/* The 32-bit hole from the top of RAM up to MMCONFIG, 0x20000000-0xafffffff. */
	r = find_iova(iovad, 0x90000);
	assert_non_null(r);
	assert_int_equal(r->pfn_lo, 0x20000);
	assert_int_equal(r->pfn_hi, 0xaffff);
	/* MMCONFIG, 0xb0000000-0xbfffffff, is not a window: free IOVA space. */
	assert_null(find_iova(iovad, 0xb0000));
	assert_null(find_iova(iovad, 0xbffff));
	/* The hole above MMCONFIG up to the I/O APIC, 0xc0000000-0xfebfffff. */
	r = find_iova(iovad, 0xfea00);
	assert_non_null(r);
	assert_int_equal(r->pfn_lo, 0xc0000);
	assert_int_equal(r->pfn_hi, 0xfebff);
	/* The 64-bit hole: 32 GiB from 4 GiB, 0x100000000-0x8ffffffff. */
	r = find_iova(iovad, 0x100000);
	assert_non_null(r);
	assert_int_equal(r->pfn_lo, 0x100000);
	assert_int_equal(r->pfn_hi, 0x8fffff);
	assert_null(find_iova(iovad, 0x900000));
	/* VT-d's MSI window. */
	r = find_iova(iovad, 0xfee80);
	assert_non_null(r);
	assert_int_equal(r->pfn_lo, 0xfee00);
	assert_int_equal(r->pfn_hi, 0xfeeff);
	/* Between the hole and the MSI window (I/O APIC, HPET, DMAR): free. */
	assert_null(find_iova(iovad, 0xfed90));
	/* The I/O windows (0x0000-0x0cf7, 0x0d00-0xffff, space code 01) are not memory. */
	assert_null(find_iova(iovad, 0x2));
	sim_free(sim);
}

static dma_addr_t map_one(struct sim *sim, struct device *edu, struct scatterlist *sg)
{
	*sg = (struct scatterlist){ .length = SZ_4K };
	assert_int_equal(sim_mem_alloc(sim->mem, SZ_4K, SZ_4K, &sg->page_phys), 0);
	assert_int_equal(dma_map_sg(edu, sg, 1, DMA_BIDIRECTIONAL), 1);
	return sg_dma_address(sg);
}

static void test_flush_queue(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "q35-vtd", 0);
	struct device *edu;
	struct scatterlist a, b, c;

	(void)state;
	edu_iovad(sim, &edu);
	/* 28-bit mask: limit pfn 0xffff, so the first page is 0xffff000. */
	assert_int_equal(map_one(sim, edu, &a), 0xffff000);
	dma_unmap_sg(edu, &a, 1, DMA_BIDIRECTIONAL);
	/* Queued, not free: the next page is the one below. */
	assert_int_equal(map_one(sim, edu, &b), 0xfffe000);
	/* 10 ms later the timer has flushed: 0xffff000 is back, via the rcache. */
	sim_advance(sim, 10 * NSEC_PER_MSEC);
	assert_int_equal(map_one(sim, edu, &c), 0xffff000);
	dma_unmap_sg(edu, &b, 1, DMA_BIDIRECTIONAL);
	dma_unmap_sg(edu, &c, 1, DMA_BIDIRECTIONAL);
	sim_free(sim);
}

static void test_strict_reuse(void **state)
{
	struct sim *sim = sim_new();
	struct device *edu;
	struct scatterlist a, b;

	(void)state;
	sim->boot_params.iommu_strict = true;
	unit_boot_into(sim, TEST_BOARDS, "q35-vtd", 0);
	edu_iovad(sim, &edu);
	assert_int_equal(map_one(sim, edu, &a), 0xffff000);
	dma_unmap_sg(edu, &a, 1, DMA_BIDIRECTIONAL);
	/* Strict: free at once, and the rcache hands it straight back. */
	assert_int_equal(map_one(sim, edu, &b), 0xffff000);
	dma_unmap_sg(edu, &b, 1, DMA_BIDIRECTIONAL);
	sim_free(sim);
}

static void test_failure_restores_list(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "q35-vtd", 0);
	struct scatterlist sg[2] = {
		{ .page_phys = 0x100000, .offset = 0x800, .length = 0x1000 },
		{ .page_phys = 0x200000, .offset = 0x10, .length = 0x20 },
	};
	struct device *edu;

	(void)state;
	edu_iovad(sim, &edu);
	/*
	 * A 12-bit mask leaves pfn 0 only, which is never handed out: the
	 * IOVA allocation fails after the entries were aligned in place, and
	 * __invalidate_sg must give back each offset and length.
	 */
	edu->dma_mask = DMA_BIT_MASK(12);
	assert_int_equal(dma_map_sg(edu, sg, 2, DMA_BIDIRECTIONAL), 0);
	assert_int_equal(sg[0].offset, 0x800);
	assert_int_equal(sg[0].length, 0x1000);
	assert_int_equal(sg[1].offset, 0x10);
	assert_int_equal(sg[1].length, 0x20);
	assert_true(sg_dma_address(&sg[0]) == DMA_MAPPING_ERROR);
	assert_int_equal(sg_dma_len(&sg[1]), 0);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reservations),
		cmocka_unit_test(test_flush_queue),
		cmocka_unit_test(test_strict_reuse),
		cmocka_unit_test(test_failure_restores_list),
	};

	return unit_run("dma-iommu", tests, ARRAY_SIZE(tests));
}
