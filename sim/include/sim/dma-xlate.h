/*
 * Where one piece of a DMA master's access lands, as an IOMMU model
 * decides it.  Kernel types only, so that a model's core compiled into
 * kernel-lab's module (sim/include/sim/m4u-core.h) answers in the same
 * terms as in the simulator.
 */
#ifndef SIM_DMA_XLATE_H
#define SIM_DMA_XLATE_H

#include <linux/types.h>

/* How one piece of an access was translated. */
enum sim_xlate_kind {
	SIM_XLATE_DIRECT,	/* no IOMMU on the path */
	SIM_XLATE_BYPASS,	/* an IOMMU let it through untranslated */
	SIM_XLATE_TLB_HIT,	/* translated from a cached entry */
	SIM_XLATE_TLB_MISS,	/* translated by a page-table walk */
	SIM_XLATE_FAULT,	/* translation failed; redirected to @pa */
	SIM_XLATE_ABORT,	/* translation failed; the access is dropped */
};

struct sim_dma_xlate {
	enum sim_xlate_kind kind;
	phys_addr_t pa;		/* where the access lands (not for ABORT) */
	u64 len;		/* bytes from the address this result covers, >= 1 */
	u64 page_size;		/* the mapping's page size; for FAULT, the redirect buffer's */
	u8 fill;		/* for ABORT: the byte a read gets instead (0xff unless set) */
};

/* The word `dma read|write` ends a piece's line with: "hit", "miss", ... */
static inline const char *sim_xlate_kind_name(enum sim_xlate_kind kind)
{
	static const char *const names[] = {
		[SIM_XLATE_DIRECT] = "direct",
		[SIM_XLATE_BYPASS] = "bypass",
		[SIM_XLATE_TLB_HIT] = "hit",
		[SIM_XLATE_TLB_MISS] = "miss",
		[SIM_XLATE_FAULT] = "fault",
		[SIM_XLATE_ABORT] = "abort",
	};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

#endif
