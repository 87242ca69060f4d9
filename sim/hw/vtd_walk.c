/*
 * The VT-d unit's second-level page-table walker: 64-bit entries, 512 to a
 * 4 KiB table, read from simulated memory from the top level down (the
 * format is drawn in sim/drivers/vtd.h).  It knows only what the hardware
 * knows: where the table is, how many levels it has, the unit's address
 * width and whether it has snoop control.
 */
#include <sim/mem.h>
#include <sim/pgtable-walk.h>
#include <sim/vtd-hw.h>

#define WALK_STRIDE		9
#define WALK_PAGE_SHIFT		12
#define WALK_MAX_LEAF_LEVEL	3	/* CAP.SLLPS: 2 MiB and 1 GiB */

static u64 level_size(unsigned int level)
{
	return 1ULL << (WALK_PAGE_SHIFT + WALK_STRIDE * (level - 1));
}

static void walk_step(struct sim_pgtable_walk *walk, phys_addr_t pa, u64 desc,
		      const char *type)
{
	struct sim_pgtable_walk_step *s = &walk->step[walk->nr_steps];

	s->level = ++walk->nr_steps;
	s->desc_pa = pa;
	s->desc = desc;
	s->type = type;
}

static const char *leaf_type(unsigned int level)
{
	static const char *const names[] = { "?", "4K", "2M", "1G" };

	return names[level];
}

/* Bits a present entry at @level must have clear. */
static u64 reserved_bits(u64 desc, unsigned int level, unsigned int haw, bool snoop)
{
	bool leaf = level == 1 || (desc & VTD_F_SL_PS);
	u64 rsvd = VTD_F_SL_ADDR & ~GENMASK_ULL(haw - 1, 0);

	if (!leaf || !snoop)
		rsvd |= VTD_F_SL_SNP;
	if (leaf && level > WALK_MAX_LEAF_LEVEL)
		rsvd |= VTD_F_SL_PS;
	/* A superpage's address is aligned to its size. */
	if (leaf && level > 1)
		rsvd |= VTD_F_SL_ADDR & (level_size(level) - 1);
	return desc & rsvd;
}

void vtd_sl_walk(struct sim_mem *mem, phys_addr_t table, unsigned int levels,
		 unsigned int haw, bool snoop, u64 iova, struct sim_pgtable_walk *walk)
{
	walk->nr_steps = 0;
	walk->mapped = false;
	walk->pa = 0;
	walk->block_size = level_size(levels);

	for (unsigned int level = levels; level >= 1; level--) {
		unsigned int index = (iova >> (WALK_PAGE_SHIFT + WALK_STRIDE * (level - 1))) &
				     ((1U << WALK_STRIDE) - 1);
		phys_addr_t pa = (table & VTD_F_SL_ADDR) + index * sizeof(u64);
		u64 desc = sim_mem_read64(mem, pa);

		walk->block_size = level_size(level);
		if (!(desc & (VTD_F_SL_R | VTD_F_SL_W))) {
			walk_step(walk, pa, desc, "fault");
			return;
		}
		if (reserved_bits(desc, level, haw, snoop)) {
			walk_step(walk, pa, desc, "reserved");
			return;
		}
		if (level == 1 || (desc & VTD_F_SL_PS)) {
			walk_step(walk, pa, desc, leaf_type(level));
			walk->mapped = true;
			walk->pa = (desc & VTD_F_SL_ADDR) + (iova & (walk->block_size - 1));
			return;
		}
		walk_step(walk, pa, desc, "table");
		table = desc & VTD_F_SL_ADDR;
	}
}
