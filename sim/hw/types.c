/*
 * The hardware model types a board's nodes can have.
 */
#include <sim/edu-hw.h>
#include <sim/hw.h>
#include <sim/m4u.h>
#include <sim/vtd-hw.h>

const struct sim_hw_type *const sim_hw_types[] = {
	&sim_m4u_hw_type,
	&sim_smi_larb_hw_type,
	&sim_vtd_hw_type,
	&sim_edu_hw_type,
};
const size_t sim_hw_type_count = ARRAY_SIZE(sim_hw_types);
