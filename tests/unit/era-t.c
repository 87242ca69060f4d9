/*
 * The era table (sim/base/era.c) against the project's design, whose
 * table of eras reads:
 *
 *   v4.4   DMA ops set up at device creation, before the IOMMU driver has
 *          seen the device: a per-device "fake" default domain is created
 *          early; iommu_group_get_for_dev() sets group->domain without
 *          calling attach_dev; no probe deferral for IOMMU masters
 *   v4.12  IOMMU probe deferral: masters whose IOMMU is declared but not
 *          yet probed get -EPROBE_DEFER from DMA configuration at probe time
 *   v5.19  incompatible domain/device attach returns -EMEDIUMTYPE
 *   v6.1   incompatible attach returns -EINVAL; __iommu_detach_device()
 *          skips devices whose attach is deferred
 *   v6.2   deferred attach is tracked in dev->iommu->attach_deferred;
 *          detach is unconditional
 *
 * and what the kernels themselves add: before v5.x the default domain
 * came with the group (iommu_group_get_for_dev()) and was always a DMA
 * domain (iommu.passthrough= and the DMA-FQ type came later); the v4.x
 * mtk_iommu reported the fault address masked to its page.  The
 * incompatibility errnos are per reason (snoop control, address width),
 * each the era's VT-d driver's: 6.1's prepare_domain_attach_device()
 * says -EOPNOTSUPP and -EFAULT (the design's "-EINVAL" is 6.3's, which
 * the v6.2 row takes), v4.x had no snoop refusal and -EFAULT for width,
 * and the v5.19 row is the June 2022 proposal, -EMEDIUMTYPE for both,
 * with its existing-domain-first VFIO attach.  VFIO type1 before 5.19
 * compared domains by prot, and there was no DMA ownership.
 */
#include <sim/era.h>
#include <sim/errno.h>
#include <sim/types.h>

#include "unit.h"

/* The design's rows, written out here, not read from the table. */
static const struct {
	enum sim_era era;
	const char *name;
	bool fake_domain, add_no_attach, domain_with_group, dma_only;
	bool detach_skips_deferred, deferred_flag, platform_dma, fault_va_page;
	bool vfio_try_existing, vfio_prot_cache, no_dma_ownership;
	int snoop, width;
	enum era_iommu_missing missing;
} rows[] = {
	{ ERA_V4_4, "v4.4", true, true, true, true, true, false, false, true,
	  false, true, true, 0, -EFAULT, ERA_MISSING_DIRECT },
	{ ERA_V4_12, "v4.12", false, false, true, true, true, false, false, true,
	  false, true, true, 0, -EFAULT, ERA_MISSING_DEFER_DECLARED },
	{ ERA_V5_19, "v5.19", false, false, false, false, true, false, false, false,
	  true, false, false, -EMEDIUMTYPE, -EMEDIUMTYPE, ERA_MISSING_CHECK_STATE },
	{ ERA_V6_1, "v6.1", false, false, false, false, true, false, false, false,
	  false, false, false, -EOPNOTSUPP, -EFAULT, ERA_MISSING_CHECK_STATE },
	{ ERA_V6_2, "v6.2", false, false, false, false, false, true, true, false,
	  false, false, false, -EINVAL, -EINVAL, ERA_MISSING_CHECK_STATE },
};

static bool has(enum sim_era era, unsigned long flag)
{
	return sim_eras[era].flags & flag;
}

static void test_rows(void **state)
{
	assert_int_equal(ARRAY_SIZE(rows), ERA_COUNT);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		enum sim_era e = rows[i].era;

		assert_string_equal(sim_eras[e].name, rows[i].name);
		assert_int_equal(has(e, ERA_ARCH_FAKE_DOMAIN), rows[i].fake_domain);
		assert_int_equal(has(e, ERA_GROUP_ADD_NO_ATTACH), rows[i].add_no_attach);
		assert_int_equal(has(e, ERA_DOMAIN_WITH_GROUP), rows[i].domain_with_group);
		assert_int_equal(has(e, ERA_DMA_DOMAIN_ONLY), rows[i].dma_only);
		assert_int_equal(has(e, ERA_DETACH_SKIPS_DEFERRED),
				 rows[i].detach_skips_deferred);
		assert_int_equal(has(e, ERA_ATTACH_DEFERRED_FLAG), rows[i].deferred_flag);
		assert_int_equal(has(e, ERA_SET_PLATFORM_DMA), rows[i].platform_dma);
		assert_int_equal(has(e, ERA_M4U_FAULT_VA_PAGE), rows[i].fault_va_page);
		assert_int_equal(has(e, ERA_VFIO_TRY_EXISTING), rows[i].vfio_try_existing);
		assert_int_equal(has(e, ERA_VFIO_PROT_CACHE), rows[i].vfio_prot_cache);
		assert_int_equal(has(e, ERA_NO_DMA_OWNERSHIP), rows[i].no_dma_ownership);
		assert_int_equal(sim_eras[e].attach_incompatible.snoop, rows[i].snoop);
		assert_int_equal(sim_eras[e].attach_incompatible.width, rows[i].width);
		assert_int_equal(sim_eras[e].iommu_missing, rows[i].missing);
	}
}

/* The v6.2 row is the only one whose detach does not skip a deferred device. */
static void test_deferred_detach_is_one_change(void **state)
{
	for (int e = 0; e < ERA_COUNT; e++)
		assert_int_not_equal(has(e, ERA_DETACH_SKIPS_DEFERRED),
				     has(e, ERA_ATTACH_DEFERRED_FLAG));
}

static void test_names(void **state)
{
	for (int e = 0; e < ERA_COUNT; e++)
		assert_int_equal(sim_era_from_name(sim_era_name(e)), e);
	assert_int_equal(sim_era_from_name("v6.1"), ERA_V6_1);
	assert_int_equal(sim_era_from_name("v6"), -EINVAL);
	assert_int_equal(sim_era_from_name("V6.1"), -EINVAL);
	assert_string_equal(sim_era_name(ERA_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_deferred_detach_is_one_change),
		cmocka_unit_test(test_names),
	};

	return unit_run("era", tests, ARRAY_SIZE(tests));
}
