/*
 * Error names: the kernel's numbers (include/uapi/asm-generic/errno*.h and
 * include/linux/errno.h) map to their names and back.
 */
#include <sim/errno.h>
#include <sim/err.h>
#include <sim/types.h>

#include "unit.h"

static void test_names(void **state)
{
	assert_string_equal(sim_errname(0), "0");
	assert_string_equal(sim_errname(-517), "-EPROBE_DEFER");
	assert_string_equal(sim_errname(517), "-EPROBE_DEFER");
	assert_string_equal(sim_errname(-124), "-EMEDIUMTYPE");
	assert_string_equal(sim_errname(-22), "-EINVAL");
	assert_string_equal(sim_errname(-19), "-ENODEV");
	assert_string_equal(sim_errname(-16), "-EBUSY");
	assert_string_equal(sim_errname(-12), "-ENOMEM");
	assert_string_equal(sim_errname(-28), "-ENOSPC");
	assert_string_equal(sim_errname(-34), "-ERANGE");
	assert_string_equal(sim_errname(-17), "-EEXIST");
	assert_string_equal(sim_errname(-110), "-ETIMEDOUT");
	assert_string_equal(sim_errname(-999), "-E?999");
	assert_int_equal(sim_errno_from_name("-EPROBE_DEFER"), 517);
	assert_int_equal(sim_errno_from_name("EINVAL"), 22);
	assert_int_equal(sim_errno_from_name("ENOTANERROR"), 0);
}

static void test_err_ptr(void **state)
{
	void *p = ERR_PTR(-EPROBE_DEFER);

	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -517);
	assert_false(IS_ERR(&p));
	assert_true(IS_ERR_OR_NULL(NULL));
	assert_true(IS_ERR(ERR_PTR(-MAX_ERRNO)));
	assert_false(IS_ERR(ERR_PTR(-MAX_ERRNO - 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_err_ptr),
	};

	return unit_run("errno", tests, ARRAY_SIZE(tests));
}
