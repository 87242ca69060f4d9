/*
 * The M4U's page-table walker: ARMv7 short descriptors read from memory
 * through the host, with MediaTek's PA bit 32 in descriptor bit 9 (mt8173
 * outputs 33 bits).  It knows only what the hardware knows: the table
 * base and the descriptors; nothing of the io-pgtable code that wrote
 * them.  Part of the model's core (sim/m4u-core.h).
 *
 *   level 1 (IOVA 31:20)  bits 1:0 = 00 fault
 *                                    01 table: level-2 base in 31:10
 *                                    1x section (31:20), or with bit 18
 *                                       a supersection (31:24)
 *   level 2 (IOVA 19:12)  bits 1:0 = 00 fault
 *                                    01 large page (31:16)
 *                                    1x small page (31:12)
 */
#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/types.h>

#include <sim/m4u-core.h>
#include <sim/pgtable-walk.h>

#define WALK_TABLE_BASE_MASK	((u32)GENMASK(31, 7))
#define WALK_L2_BASE_MASK	((u32)GENMASK(31, 10))
#define WALK_SUPERSECTION	BIT(18)
#define WALK_MTK_PA_BIT32	BIT(9)

static void walk_step(struct sim_pgtable_walk *walk, unsigned int level,
		      phys_addr_t pa, u32 desc, const char *type)
{
	struct sim_pgtable_walk_step *s = &walk->step[walk->nr_steps++];

	s->level = level;
	s->desc_pa = pa;
	s->desc = desc;
	s->type = type;
}

static void walk_leaf(struct sim_pgtable_walk *walk, u32 desc, u32 base_mask,
		      u64 size, u32 iova)
{
	walk->mapped = true;
	walk->block_size = size;
	walk->pa = (desc & base_mask) | (iova & (size - 1));
	if (desc & WALK_MTK_PA_BIT32)
		walk->pa |= BIT_ULL(32);
}

void m4u_walk_table(u32 (*read32)(void *host, phys_addr_t pa), void *host,
		    u32 ttbr, u32 iova, struct sim_pgtable_walk *walk)
{
	phys_addr_t l1_pa, l2_pa;
	u32 d1, d2;

	walk->nr_steps = 0;
	walk->mapped = false;
	walk->pa = 0;

	l1_pa = (ttbr & WALK_TABLE_BASE_MASK) + (iova >> 20) * 4;
	d1 = read32(host, l1_pa);
	switch (d1 & 0x3) {
	case 0:
		walk_step(walk, 1, l1_pa, d1, "fault");
		walk->block_size = SZ_1M;
		return;
	case 1:
		walk_step(walk, 1, l1_pa, d1, "table");
		break;
	default:
		if (d1 & WALK_SUPERSECTION) {
			walk_step(walk, 1, l1_pa, d1, "supersection");
			walk_leaf(walk, d1, (u32)GENMASK(31, 24), SZ_16M, iova);
		} else {
			walk_step(walk, 1, l1_pa, d1, "section");
			walk_leaf(walk, d1, (u32)GENMASK(31, 20), SZ_1M, iova);
		}
		return;
	}

	l2_pa = (d1 & WALK_L2_BASE_MASK) + ((iova >> 12) & 0xff) * 4;
	d2 = read32(host, l2_pa);
	switch (d2 & 0x3) {
	case 0:
		walk_step(walk, 2, l2_pa, d2, "fault");
		walk->block_size = SZ_4K;
		break;
	case 1:
		walk_step(walk, 2, l2_pa, d2, "large");
		walk_leaf(walk, d2, (u32)GENMASK(31, 16), SZ_64K, iova);
		break;
	default:
		walk_step(walk, 2, l2_pa, d2, "small");
		walk_leaf(walk, d2, (u32)GENMASK(31, 12), SZ_4K, iova);
		break;
	}
}
