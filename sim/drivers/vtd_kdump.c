/*
 * A kdump kernel on a unit whose translation the crashed kernel left on
 * (6.1's copy_translation_tables() and copy_context_table(), legacy
 * mode): DMA still in flight must keep its translation, so the old root
 * table's context entries are copied into the new kernel's tables, and
 * the domain IDs they use are kept from new domains.  Each device keeps
 * its copied entry until a domain is attached to it (vtd_context_map()
 * then invalidates the old one).
 */
#include <linux/io.h>

#include "vtd.h"

int vtd_copy_translation_tables(struct vtd_iommu *vtd)
{
	phys_addr_t old_root = readq(vtd->reg + DMAR_RTADDR_REG) & VTD_ENTRY_ADDR_MASK;
	int ret;

	for (unsigned int bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		u64 re = vtd_read64(old_root + bus * VTD_ENTRY_LEN);

		if (!(re & VTD_RE_PRESENT))
			continue;
		for (unsigned int devfn = 0; devfn < VTD_CONTEXT_ENTRIES; devfn++) {
			phys_addr_t old_ce = (re & VTD_ENTRY_ADDR_MASK) + devfn * VTD_ENTRY_LEN;
			u64 lo = vtd_read64(old_ce), hi = vtd_read64(old_ce + 8);
			u16 did = (hi >> VTD_CE_DID_SHIFT) & VTD_CE_DID_MASK;
			phys_addr_t ce;

			if (!(lo & VTD_CE_PRESENT))
				continue;
			ret = vtd_context_addr(vtd, bus, devfn, true, &ce);
			if (ret)
				return ret;
			vtd->domain_ids[did / 64] |= BIT_ULL(did % 64);
			vtd_write64(ce + 8, hi);
			vtd_write64(ce, lo);
		}
	}
	trace_vtd_copy_tables(vtd->dev);
	return 0;
}
