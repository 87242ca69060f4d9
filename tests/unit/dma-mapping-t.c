/*
 * The DMA API's dispatch (kernel/dma/mapping.c, 6.1): a device whose
 * dev->dma_ops is set goes through those ops, one whose is NULL through
 * dma-direct, and the IOMMU core sets dma-iommu's ops per device, only
 * where the default domain translates.
 */
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/dma-map-ops.h>
#include <sim/iommu.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>

#include "unit.h"

/* What the fake ops were last asked. */
static struct {
	int map_page, unmap_page, map_sg, unmap_sg, alloc, free;
	phys_addr_t page_phys;
	unsigned long offset;
	size_t size;
	enum dma_data_direction dir;
	dma_addr_t handle;
	int nents;
	int map_sg_ret;
} fake;

static dma_addr_t fake_map_page(struct device *dev, phys_addr_t page_phys,
				unsigned long offset, size_t size,
				enum dma_data_direction dir)
{
	fake.map_page++;
	fake.page_phys = page_phys;
	fake.offset = offset;
	fake.size = size;
	fake.dir = dir;
	return 0x7000 + offset;
}

static void fake_unmap_page(struct device *dev, dma_addr_t dma_handle, size_t size,
			    enum dma_data_direction dir)
{
	fake.unmap_page++;
	fake.handle = dma_handle;
	fake.size = size;
}

static int fake_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		       enum dma_data_direction dir)
{
	fake.map_sg++;
	fake.nents = nents;
	if (fake.map_sg_ret > 0)
		for (int i = 0; i < fake.map_sg_ret; i++) {
			sg_dma_address(&sg[i]) = 0x9000 + i * SZ_4K;
			sg_dma_len(&sg[i]) = sg[i].length;
		}
	return fake.map_sg_ret;
}

static void fake_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
			  enum dma_data_direction dir)
{
	fake.unmap_sg++;
	fake.nents = nents;
}

static struct dma_coherent_buf *fake_alloc(struct device *dev, size_t size,
					   dma_addr_t *dma_handle)
{
	fake.alloc++;
	fake.size = size;
	return NULL;
}

static void fake_free(struct device *dev, size_t size, struct dma_coherent_buf *buf,
		      dma_addr_t dma_handle)
{
	fake.free++;
}

static const struct dma_map_ops fake_ops = {
	.alloc		= fake_alloc,
	.free		= fake_free,
	.map_page	= fake_map_page,
	.unmap_page	= fake_unmap_page,
	.map_sg		= fake_map_sg,
	.unmap_sg	= fake_unmap_sg,
};

/* A device on no board: what dispatch does depends on dev->dma_ops alone. */
static void test_ops_or_direct(void **state)
{
	struct sim *sim = sim_new();
	struct device *dev;
	struct scatterlist sg[2] = {
		{ .page_phys = 0x41000000, .offset = 0x80, .length = 0x100 },
		{ .page_phys = 0x41003000, .offset = 0, .length = 0x2000 },
	};
	dma_addr_t handle;

	assert_non_null(sim);
	dev = device_alloc(sim, "d", &platform_bus_type, NULL);
	assert_non_null(dev);
	memset(&fake, 0, sizeof(fake));

	/* No ops: dma-direct, the DMA address is the physical one. */
	assert_null(get_dma_ops(dev));
	assert_int_equal(dma_map_page(dev, 0x41000000, 0x10, 0x20, DMA_TO_DEVICE),
			 0x41000010);
	dma_unmap_page(dev, 0x41000010, 0x20, DMA_TO_DEVICE);
	assert_int_equal(dma_map_sg(dev, sg, 2, DMA_BIDIRECTIONAL), 2);
	assert_int_equal(sg_dma_address(&sg[0]), 0x41000080);
	assert_int_equal(sg_dma_address(&sg[1]), 0x41003000);
	dma_unmap_sg(dev, sg, 2, DMA_BIDIRECTIONAL);
	/* dma_direct_supported(): no RAM of the boards lies below 16 MiB. */
	assert_int_equal(dma_set_mask(dev, DMA_BIT_MASK(20)), -EIO);
	assert_int_equal(dma_set_mask(dev, DMA_BIT_MASK(24)), 0);
	assert_int_equal(fake.map_page + fake.unmap_page + fake.map_sg + fake.unmap_sg, 0);

	/* With ops: every call is theirs, the page and offset handed on apart. */
	set_dma_ops(dev, &fake_ops);
	assert_int_equal(dma_map_page(dev, 0x41000000, 0x10, 0x20, DMA_FROM_DEVICE), 0x7010);
	assert_int_equal(fake.map_page, 1);
	assert_int_equal(fake.page_phys, 0x41000000);
	assert_int_equal(fake.offset, 0x10);
	assert_int_equal(fake.size, 0x20);
	assert_int_equal(fake.dir, DMA_FROM_DEVICE);
	dma_unmap_page(dev, 0x7010, 0x20, DMA_FROM_DEVICE);
	assert_int_equal(fake.unmap_page, 1);
	assert_int_equal(fake.handle, 0x7010);
	/* A bad direction never reaches them. */
	assert_int_equal(dma_map_page(dev, 0x41000000, 0, 0x20, DMA_NONE), DMA_MAPPING_ERROR);
	assert_int_equal(fake.map_page, 1);

	fake.map_sg_ret = 1;
	assert_int_equal(dma_map_sg(dev, sg, 2, DMA_TO_DEVICE), 1);
	assert_int_equal(fake.nents, 2);
	dma_unmap_sg(dev, sg, 2, DMA_TO_DEVICE);
	assert_int_equal(fake.unmap_sg, 1);
	/* The ops' errno becomes dma_map_sg()'s 0. */
	fake.map_sg_ret = -ENOMEM;
	assert_int_equal(dma_map_sg(dev, sg, 2, DMA_TO_DEVICE), 0);
	assert_int_equal(fake.map_sg, 2);

	assert_null(dma_alloc_coherent(dev, 0x3000, &handle));
	assert_int_equal(fake.alloc, 1);
	assert_int_equal(fake.size, 0x3000);
	/* Ops without dma_supported take any mask (dma_supported() in mapping.c). */
	assert_int_equal(dma_set_mask(dev, DMA_BIT_MASK(20)), 0);

	/* arch_teardown_dma_ops(): back to none, and not configured. */
	dev->dma_configured = true;
	arch_teardown_dma_ops(dev);
	assert_null(get_dma_ops(dev));
	assert_false(dev->dma_configured);
	assert_true(list_empty(&dev->dma_debug));
	put_device(dev);
	sim_free(sim);
}

/*
 * defer-iommu-present: the master sits behind the M4U, larb0 and the
 * others behind nothing.  On one machine the IOMMU core gives dma-iommu's
 * ops to the master only.
 */
static void test_per_device(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "defer-iommu-present", 0);
	struct device *master = sim_find_device(sim, "master");
	struct device *larb = sim_find_device(sim, "larb0");
	struct iommu_domain *domain;
	dma_addr_t addr;

	assert_non_null(master);
	assert_non_null(larb);
	assert_true(master->dma_configured);
	assert_true(larb->dma_configured);
	assert_non_null(get_dma_ops(master));
	assert_null(get_dma_ops(larb));

	/*
	 * The master's first mapping: one 4 KiB granule holds 0x10..0x10f;
	 * the empty 32-bit IOVA space hands out its top page first, pfn
	 * 0xfffff (alloc_iova() top-down from the mask), and the offset
	 * within the granule comes back on the IOVA.
	 */
	addr = dma_map_page(master, 0x40100000, 0x10, 0x100, DMA_TO_DEVICE);
	assert_int_equal(addr, 0xfffff010);
	domain = iommu_get_domain_for_dev(master);
	assert_non_null(domain);
	assert_int_equal(iommu_iova_to_phys(domain, addr), 0x40100010);
	dma_unmap_page(master, addr, 0x100, DMA_TO_DEVICE);

	/* larb0's is the physical address. */
	addr = dma_map_page(larb, 0x40100000, 0x10, 0x100, DMA_TO_DEVICE);
	assert_int_equal(addr, 0x40100010);
	dma_unmap_page(larb, addr, 0x100, DMA_TO_DEVICE);
	sim_free(sim);
}

/*
 * iommu.passthrough=1 on q35-vtd: edu's default domain is the VT-d
 * driver's identity domain, which iommu_setup_dma_ops() leaves to
 * dma-direct.
 */
static void test_identity_domain_is_direct(void **state)
{
	struct sim *sim = sim_new();
	struct device *edu;

	assert_non_null(sim);
	sim->boot_params.iommu_passthrough = true;
	unit_boot_into(sim, TEST_BOARDS, "q35-vtd", 0);
	edu = sim_find_device(sim, "edu");
	assert_non_null(edu);
	assert_true(device_iommu_mapped(edu));
	assert_int_equal(iommu_get_domain_for_dev(edu)->type, IOMMU_DOMAIN_IDENTITY);
	assert_true(edu->dma_configured);
	assert_null(get_dma_ops(edu));
	assert_int_equal(dma_map_page(edu, 0x100000, 0x10, 0x100, DMA_TO_DEVICE),
			 0x100010);
	dma_unmap_page(edu, 0x100010, 0x100, DMA_TO_DEVICE);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_or_direct),
		cmocka_unit_test(test_per_device),
		cmocka_unit_test(test_identity_domain_is_direct),
	};

	return unit_run("dma-mapping", tests, ARRAY_SIZE(tests));
}
