/*
 * The VT-d-like remapping unit: a register file at the VT-d offsets
 * (drawn in sim/vtd-hw.h) with register-based invalidation of its context
 * cache and IOTLB, fault recording, and the fault event.
 *
 * What it is built from: VER 1.0 and the CAP/ECAP QEMU 7.2's intel-iommu
 * reports, less queued invalidation (ECAP.QI clear, so drivers invalidate
 * through CCMD and the IOTLB registers), with SAGAW/MGAW from the node's
 * iommu-lab,address-width (39 or 48) and ECAP.SC from
 * iommu-lab,snoop-control.  One fault record, as QEMU: a fault from a
 * source ID that already has a pending record is collapsed into it, any
 * other fault while the record is pending sets PFO and is lost.
 *
 * The fault event is an MSI on real hardware (FEDATA/FEADDR, not modelled
 * here); the model drives the line its node's "interrupts" names, high
 * while FSTS has PPF and FECTL.IM is clear, so the handler runs before
 * the faulting access returns.
 *
 * A node with iommu-lab,translation-pre-enabled comes out of reset as a
 * crashed kernel left it for kdump: TES and RTPS set, and RTADDR at a root
 * table whose bus 0 entry leads to a context table with every function in
 * pass-through under domain ID 1.  The model takes both tables from RAM
 * when it is made, before anything else, standing in for the crashed
 * kernel's memory.
 */
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/irq.h>
#include <sim/mem.h>
#include <sim/of.h>
#include <sim/sim.h>

#include "vtd-model.h"

#define VTD_OLD_DID		1	/* the crashed kernel's pass-through domain */

const struct vtd_reg_name vtd_reg_names[] = {
	{ VTD_REG_VER, "VER" },
	{ VTD_REG_CAP, "CAP" },
	{ VTD_REG_ECAP, "ECAP" },
	{ VTD_REG_GCMD, "GCMD" },
	{ VTD_REG_GSTS, "GSTS" },
	{ VTD_REG_RTADDR, "RTADDR" },
	{ VTD_REG_CCMD, "CCMD" },
	{ VTD_REG_FSTS, "FSTS" },
	{ VTD_REG_FECTL, "FECTL" },
	{ VTD_REG_IVA, "IVA" },
	{ VTD_REG_IOTLB, "IOTLB" },
	{ VTD_REG_FRCD, "FRCD0_LO" },
	{ VTD_REG_FRCD + 8, "FRCD0_HI" },
};
const size_t vtd_nr_reg_names = ARRAY_SIZE(vtd_reg_names);

static bool is_frcd(u64 reg)
{
	return reg >= VTD_REG_FRCD && reg < VTD_REG_FRCD + VTD_NR_FRCD * VTD_FRCD_SIZE;
}

/* Bytes of the register that starts at @reg: 4, 8, or 0 for none. */
static unsigned int vtd_reg_width(u64 reg)
{
	switch (reg) {
	case VTD_REG_VER:
	case VTD_REG_GCMD:
	case VTD_REG_GSTS:
	case VTD_REG_FSTS:
	case VTD_REG_FECTL:
		return 4;
	case VTD_REG_CAP:
	case VTD_REG_ECAP:
	case VTD_REG_RTADDR:
	case VTD_REG_CCMD:
	case VTD_REG_IVA:
	case VTD_REG_IOTLB:
		return 8;
	}
	/* A fault record is two 64-bit halves. */
	return is_frcd(reg) && !(reg & 7) ? 8 : 0;
}

/*
 * The register an access of @size bytes at @offset reaches and the bit
 * where the access starts in it.  False (and a guest error) for an offset
 * no register covers, or a size or alignment the register refuses.
 */
static bool vtd_locate(struct vtd_hw *v, u64 offset, unsigned int size, bool write,
		       u64 *reg, unsigned int *shift)
{
	const char *what = write ? "write" : "read";
	u64 quad = offset & ~7ULL;

	if (vtd_reg_width(quad) == 8) {
		*reg = quad;
		*shift = (offset - quad) * 8;
		if ((size == 8 && offset == quad) || (size == 4 && !(offset & 3)))
			return true;
	} else if (vtd_reg_width(offset) == 4) {
		*reg = offset;
		*shift = 0;
		if (size == 4)
			return true;
	} else {
		sim_guest_error(v->hw->sim, v->hw->name, "%s of unknown register at offset 0x%llx",
				what, (unsigned long long)offset);
		return false;
	}
	sim_guest_error(v->hw->sim, v->hw->name, "bad %u-byte %s at offset 0x%llx (register 0x%llx is %u bytes)",
			size, what, (unsigned long long)offset, (unsigned long long)*reg,
			vtd_reg_width(*reg));
	return false;
}

/*
 * The line follows PPF under the mask.  PFO only ever comes with PPF
 * set, and 6.1's handler leaves it alone when PPF is clear: an MSI would
 * not repeat for it, so neither does the line.
 */
static void vtd_update_irq(struct vtd_hw *v)
{
	bool level = v->irq >= 0 && (v->fsts & VTD_F_FSTS_PPF) &&
		     !(v->fectl & VTD_F_FECTL_IM);

	if (level == v->irq_level)
		return;
	/* Recorded first: the handler runs inside the call and lowers it. */
	v->irq_level = level;
	sim_irq_set_level(v->hw->sim, v->irq, level);
}

static void vtd_update_ppf(struct vtd_hw *v)
{
	v->fsts &= ~VTD_F_FSTS_PPF;
	for (unsigned int i = 0; i < VTD_NR_FRCD; i++)
		if (v->frcd[i].hi & VTD_F_FRCD_F)
			v->fsts |= VTD_F_FSTS_PPF;
}

void vtd_fault(struct vtd_hw *v, u16 sid, u64 addr, bool write, u8 reason)
{
	struct vtd_frcd *rec = &v->frcd[v->next_frcd];

	v->fault_stats.faults++;
	if (v->fsts & VTD_F_FSTS_PFO) {
		v->fault_stats.overflowed++;
		return;
	}
	for (unsigned int i = 0; i < VTD_NR_FRCD; i++) {
		u64 hi = v->frcd[i].hi;

		if ((hi & VTD_F_FRCD_F) && (hi & VTD_F_FRCD_SID) == sid) {
			v->fault_stats.collapsed++;
			return;
		}
	}
	if (rec->hi & VTD_F_FRCD_F) {
		v->fsts |= VTD_F_FSTS_PFO;
		v->fault_stats.overflowed++;
		return;
	}
	rec->lo = addr & ~0xfffULL;
	rec->hi = VTD_F_FRCD_F | (write ? 0 : VTD_F_FRCD_T) |
		  (u64)reason << VTD_F_FRCD_FR_SHIFT | sid;
	if (!(v->fsts & VTD_F_FSTS_PPF))
		v->fsts = (v->fsts & ~VTD_F_FSTS_FRI) | v->next_frcd << VTD_F_FSTS_FRI_SHIFT;
	v->next_frcd = (v->next_frcd + 1) % VTD_NR_FRCD;
	v->fsts |= VTD_F_FSTS_PPF;
	v->fault_stats.recorded++;
	vtd_update_irq(v);
}

/* GCMD: SRTP latches the root table; TE follows the written bit. */
static void vtd_gcmd(struct vtd_hw *v, u32 val)
{
	struct sim *sim = v->hw->sim;
	u32 unsupported = val & VTD_F_GCMD_CMDS & ~(VTD_F_GCMD_TE | VTD_F_GCMD_SRTP);

	if (unsupported)
		sim_guest_error(sim, v->hw->name, "GCMD 0x%x: commands 0x%x not implemented",
				val, unsupported);
	if (val & VTD_F_GCMD_SRTP) {
		v->root = v->rtaddr;
		v->gsts |= VTD_F_GSTS_RTPS;
		trace_vtd_root(sim, v->hw->name, v->root);
	}
	if (!(val & VTD_F_GCMD_TE) == !(v->gsts & VTD_F_GSTS_TES))
		return;
	if ((val & VTD_F_GCMD_TE) && !(v->gsts & VTD_F_GSTS_RTPS))
		sim_guest_error(sim, v->hw->name, "translation enabled before a root table was set");
	v->gsts ^= VTD_F_GSTS_TES;
	trace_vtd_translation(sim, v->hw->name, !!(v->gsts & VTD_F_GSTS_TES));
}

static const char *const vtd_gran_names[] = { "none", "global", "domain", "device" };

static void vtd_ccmd(struct vtd_hw *v)
{
	unsigned int gran = (v->ccmd >> VTD_F_CCMD_CIRG_SHIFT) & VTD_F_CCMD_GRAN_MASK;
	u16 did = v->ccmd, sid = v->ccmd >> VTD_F_CCMD_SID_SHIFT;
	unsigned int fm = (v->ccmd >> VTD_F_CCMD_FM_SHIFT) & 3;

	switch (gran) {
	case VTD_CCMD_GLOBAL:
		vtd_cc_inv_global(&v->cc);
		break;
	case VTD_CCMD_DOMAIN:
		vtd_cc_inv_domain(&v->cc, did);
		break;
	case VTD_CCMD_DEVICE:
		vtd_cc_inv_device(&v->cc, sid, fm);
		break;
	default:
		sim_guest_error(v->hw->sim, v->hw->name,
				"context-cache invalidation with no granularity");
		break;
	}
	v->ccmd &= ~(VTD_F_CCMD_ICC | VTD_F_CCMD_GRAN_MASK << VTD_F_CCMD_CAIG_SHIFT);
	v->ccmd |= (u64)gran << VTD_F_CCMD_CAIG_SHIFT;
	trace_vtd_cc_inval(v->hw->sim, v->hw->name, vtd_gran_names[gran], did, sid);
}

static void vtd_iotlb_cmd(struct vtd_hw *v)
{
	struct sim *sim = v->hw->sim;
	unsigned int gran = (v->iotlb_reg >> VTD_F_IOTLB_IIRG_SHIFT) & VTD_F_IOTLB_GRAN_MASK;
	u16 did = v->iotlb_reg >> VTD_F_IOTLB_DID_SHIFT;
	unsigned int am = v->iva & VTD_F_IVA_AM;
	u64 addr = v->iva & VTD_F_IVA_ADDR;

	if (gran == VTD_IOTLB_PAGE && am > VTD_MAMV) {
		sim_guest_error(sim, v->hw->name,
				"page-selective invalidation with AM %u > MAMV %u: done domain-selective",
				am, VTD_MAMV);
		gran = VTD_IOTLB_DOMAIN;
	}
	switch (gran) {
	case VTD_IOTLB_GLOBAL:
		vtd_iotlb_inv_global(&v->iotlb);
		trace_vtd_iotlb_inval_global(sim, v->hw->name);
		break;
	case VTD_IOTLB_DOMAIN:
		vtd_iotlb_inv_domain(&v->iotlb, did);
		trace_vtd_iotlb_inval_domain(sim, v->hw->name, did);
		break;
	case VTD_IOTLB_PAGE:
		if (addr & (((u64)SZ_4K << am) - 1))
			sim_guest_error(sim, v->hw->name,
					"page-selective invalidation of 0x%llx not aligned to AM %u",
					(unsigned long long)addr, am);
		vtd_iotlb_inv_page(&v->iotlb, did, addr, am);
		trace_vtd_iotlb_inval_page(sim, v->hw->name, did, addr, am);
		break;
	default:
		sim_guest_error(sim, v->hw->name, "IOTLB invalidation with no granularity");
		break;
	}
	v->iotlb_reg &= ~(VTD_F_IOTLB_IVT | VTD_F_IOTLB_GRAN_MASK << VTD_F_IOTLB_IAIG_SHIFT);
	v->iotlb_reg |= (u64)gran << VTD_F_IOTLB_IAIG_SHIFT;
}

/* What a read of the register at @reg returns; @peek shows write-only ones. */
static u64 vtd_reg_get(struct vtd_hw *v, u64 reg, bool peek)
{
	switch (reg) {
	case VTD_REG_VER:	return VTD_VERSION;
	case VTD_REG_CAP:	return v->cap;
	case VTD_REG_ECAP:	return v->ecap;
	case VTD_REG_GCMD:	return peek ? v->gcmd : 0;
	case VTD_REG_GSTS:	return v->gsts;
	case VTD_REG_RTADDR:	return v->rtaddr;
	case VTD_REG_CCMD:	return v->ccmd;
	case VTD_REG_FSTS:	return v->fsts;
	case VTD_REG_FECTL:
		/* IP: an event is waiting for the mask to clear. */
		if ((v->fectl & VTD_F_FECTL_IM) && (v->fsts & VTD_F_FSTS_PPF))
			return v->fectl | VTD_F_FECTL_IP;
		return v->fectl;
	case VTD_REG_IVA:	return peek ? v->iva : 0;
	case VTD_REG_IOTLB:	return v->iotlb_reg;
	}
	if (is_frcd(reg)) {
		const struct vtd_frcd *rec = &v->frcd[(reg - VTD_REG_FRCD) / VTD_FRCD_SIZE];

		return reg & 8 ? rec->hi : rec->lo;
	}
	return ~0ULL;
}

static u64 merge(u64 old, u64 val, u64 mask)
{
	return (old & ~mask) | (val & mask);
}

/* A write of the bits @mask of @val to the register at @reg. */
static void vtd_reg_set(struct vtd_hw *v, u64 reg, u64 val, u64 mask)
{
	switch (reg) {
	case VTD_REG_GCMD:
		vtd_gcmd(v, val);
		return;
	case VTD_REG_RTADDR:
		v->rtaddr = merge(v->rtaddr, val, mask) & VTD_F_RTADDR_MASK;
		return;
	case VTD_REG_CCMD:
		v->ccmd = merge(v->ccmd, val, mask);
		if ((mask & VTD_F_CCMD_ICC) && (v->ccmd & VTD_F_CCMD_ICC))
			vtd_ccmd(v);
		return;
	case VTD_REG_FSTS:
		/* PFO is write-one-to-clear; PPF and FRI follow the records. */
		if (val & VTD_F_FSTS_PFO)
			v->fsts &= ~VTD_F_FSTS_PFO;
		return;
	case VTD_REG_FECTL:
		v->fectl = val & VTD_F_FECTL_IM;
		vtd_update_irq(v);
		return;
	case VTD_REG_IVA:
		v->iva = merge(v->iva, val, mask) & (VTD_F_IVA_ADDR | VTD_F_IVA_IH | VTD_F_IVA_AM);
		return;
	case VTD_REG_IOTLB:
		v->iotlb_reg = merge(v->iotlb_reg, val, mask);
		if ((mask & VTD_F_IOTLB_IVT) && (v->iotlb_reg & VTD_F_IOTLB_IVT))
			vtd_iotlb_cmd(v);
		return;
	}
	if (is_frcd(reg) && (reg & 8)) {
		struct vtd_frcd *rec = &v->frcd[(reg - VTD_REG_FRCD) / VTD_FRCD_SIZE];

		/* Only F can be written, and only to clear it. */
		if (val & mask & VTD_F_FRCD_F) {
			rec->hi &= ~VTD_F_FRCD_F;
			vtd_update_ppf(v);
			vtd_update_irq(v);
		}
		return;
	}
	sim_guest_error(v->hw->sim, v->hw->name,
			"write of 0x%llx to read-only register at offset 0x%llx",
			(unsigned long long)val, (unsigned long long)reg);
}

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static u64 vtd_read(void *opaque, u64 offset, unsigned int size)
{
	struct vtd_hw *v = opaque;
	unsigned int shift;
	u64 reg;

	if (!vtd_locate(v, offset, size, false, &reg, &shift))
		return size_mask(size);
	return (vtd_reg_get(v, reg, false) >> shift) & size_mask(size);
}

static void vtd_write(void *opaque, u64 offset, u64 value, unsigned int size)
{
	struct vtd_hw *v = opaque;
	unsigned int shift;
	u64 reg;

	if (!vtd_locate(v, offset, size, true, &reg, &shift))
		return;
	vtd_reg_set(v, reg, (value & size_mask(size)) << shift, size_mask(size) << shift);
}

static const struct sim_mmio_ops vtd_mmio_ops = {
	.read = vtd_read,
	.write = vtd_write,
	.access_sizes = SIM_MMIO_32 | SIM_MMIO_64,
};

/* The crashed kernel's tables of a pre-enabled unit (see the top). */
static int vtd_make_old_tables(struct vtd_hw *v)
{
	struct sim_mem *mem = v->hw->sim->mem;
	u64 aw = v->width == 48 ? 2 : 1;
	int ret;

	ret = sim_mem_alloc(mem, SZ_4K, SZ_4K, &v->old_root);
	if (ret)
		return ret;
	ret = sim_mem_alloc(mem, SZ_4K, SZ_4K, &v->old_context);
	if (ret) {
		sim_mem_release(mem, v->old_root, SZ_4K);
		return ret;
	}
	v->has_old_tables = true;
	sim_mem_write64(mem, v->old_root, v->old_context | VTD_F_ROOT_P);
	for (unsigned int devfn = 0; devfn < 256; devfn++) {
		phys_addr_t ce = v->old_context + devfn * VTD_ENTRY_SIZE;

		sim_mem_write64(mem, ce, VTD_F_CTX_P |
				(u64)VTD_CTX_TT_PASS_THROUGH << VTD_F_CTX_TT_SHIFT);
		sim_mem_write64(mem, ce + 8, aw | (u64)VTD_OLD_DID << VTD_F_CTX_DID_SHIFT);
	}
	v->rtaddr = v->root = v->old_root;
	v->gsts = VTD_F_GSTS_TES | VTD_F_GSTS_RTPS;
	return 0;
}

static void vtd_release_old_tables(struct vtd_hw *v)
{
	if (!v->has_old_tables)
		return;
	sim_mem_release(v->hw->sim->mem, v->old_context, SZ_4K);
	sim_mem_release(v->hw->sim->mem, v->old_root, SZ_4K);
}

static int vtd_create(struct sim_hw *hw)
{
	struct device_node *np = hw->np;
	u32 width = 39, type, num;
	struct vtd_hw *v;
	u64 base, size;
	int ret;

	if (of_reg_read(np, 0, &base, &size))
		return -EINVAL;
	of_property_read_u32(np, "iommu-lab,address-width", &width);
	if (width != 39 && width != 48)
		return -EINVAL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->hw = hw;
	v->width = width;
	v->irq = -1;
	if (!of_property_read_u32_index(np, "interrupts", 0, &type) &&
	    !of_property_read_u32_index(np, "interrupts", 1, &num) && type == 0)
		v->irq = num + SIM_GIC_SPI_BASE;

	v->cap = VTD_F_CAP_ND_16BIT | VTD_F_CAP_SAGAW_39 | VTD_F_CAP_MGAW(width) |
		 VTD_F_CAP_FRO(VTD_REG_FRCD) | VTD_F_CAP_SLLPS | VTD_F_CAP_PSI |
		 VTD_F_CAP_NFR(VTD_NR_FRCD) | VTD_F_CAP_MAMV(VTD_MAMV) |
		 VTD_F_CAP_DWD | VTD_F_CAP_DRD;
	if (width == 48)
		v->cap |= VTD_F_CAP_SAGAW_48;
	v->ecap = VTD_F_ECAP_IRO(VTD_REG_IVA) | VTD_F_ECAP_PT;
	if (of_property_read_bool(np, "iommu-lab,snoop-control"))
		v->ecap |= VTD_F_ECAP_SC;
	v->fectl = VTD_F_FECTL_IM;

	if (of_property_read_bool(np, "iommu-lab,translation-pre-enabled")) {
		ret = vtd_make_old_tables(v);
		if (ret)
			goto out_free;
	}
	v->mmio = (struct sim_mmio_region) {
		.name = hw->name, .base = base, .size = size,
		.ops = &vtd_mmio_ops, .opaque = v,
	};
	ret = sim_mmio_add(hw->sim, &v->mmio);
	if (ret)
		goto out_old_tables;
	hw->priv = v;
	return 0;

out_old_tables:
	vtd_release_old_tables(v);
out_free:
	free(v);
	return ret;
}

static void vtd_destroy(struct sim_hw *hw)
{
	struct vtd_hw *v = hw->priv;

	sim_mmio_del(&v->mmio);
	vtd_release_old_tables(v);
	free(v);
}

const struct sim_hw_type sim_vtd_hw_type = {
	.compatible = "iommu-lab,vtd",
	.create = vtd_create,
	.destroy = vtd_destroy,
	.translate = vtd_translate,
	.peek_path = vtd_peek_path,
	.peek_tlb = vtd_peek_tlb,
	.peek_cached_path = vtd_peek_cached_path,
	.walk = vtd_walk,
};

u64 sim_vtd_reg_peek(struct sim_hw *hw, u32 offset)
{
	return vtd_reg_get(hw->priv, offset, true);
}

unsigned int sim_vtd_iotlb_size(struct sim_hw *hw)
{
	return VTD_IOTLB_ENTRIES;
}

const struct vtd_iotlb_entry *sim_vtd_iotlb_entry(struct sim_hw *hw, unsigned int i)
{
	struct vtd_hw *v = hw->priv;

	return i < VTD_IOTLB_ENTRIES ? &v->iotlb.entry[i] : NULL;
}

const struct vtd_iotlb_stats *sim_vtd_iotlb_stats(struct sim_hw *hw)
{
	return &((struct vtd_hw *)hw->priv)->iotlb.stats;
}

const struct vtd_fault_stats *sim_vtd_fault_stats(struct sim_hw *hw)
{
	return &((struct vtd_hw *)hw->priv)->fault_stats;
}
