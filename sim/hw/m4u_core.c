/*
 * The mt8173 M4U's core: a register file at the offsets Linux 6.1's
 * mtk_iommu.c programs, a TLB in front of a page-table walker, and
 * translation faults that latch the fault registers and raise the
 * interrupt.  Each access comes in through a larb port; a port whose
 * larb bit is clear never reaches the M4U.  Its host (sim/m4u-core.h)
 * gives it memory, the interrupt line and the larbs.
 *
 * In 4 GB mode (DRAM past 4 GiB) the M4U's output addresses are 33 bits
 * and the memory system aliases them back (mtk_iommu.c draws it):
 *
 *   M4U output   4G ---- 5G ---- 6G ---- 7G ---- 8G
 *                | E     | B     | C     | D     |
 *   CPU address  4G..5G   1G..2G  2G..3G  3G..4G
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <trace/events/iommu_lab.h>

#include <sim/m4u-core.h>

#define M4U_F_INT_ID(larb, port)	((larb) << 7 | (port) << 2)
#define M4U_INVLD_ADDR_MASK		((u32)GENMASK(31, 12))

/* Where a register read returns its value; NULL for write-only or unknown. */
static u32 *m4u_reg(struct m4u_core *m, u64 offset)
{
	switch (offset) {
	case M4U_REG_PT_BASE_ADDR:	return &m->pt_base;
	case M4U_REG_INVLD_START_A:	return &m->invld_start;
	case M4U_REG_INVLD_END_A:	return &m->invld_end;
	case M4U_REG_INV_SEL:		return &m->inv_sel;
	case M4U_REG_MISC_CTRL:		return &m->misc_ctrl;
	case M4U_REG_DCM_DIS:		return &m->dcm_dis;
	case M4U_REG_WR_LEN_CTRL:	return &m->wr_len_ctrl;
	case M4U_REG_CTRL_REG:		return &m->ctrl_reg;
	case M4U_REG_IVRP_PADDR:	return &m->ivrp_paddr;
	case M4U_REG_VLD_PA_RNG:	return &m->vld_pa_rng;
	case M4U_REG_INT_CONTROL0:	return &m->int_control0;
	case M4U_REG_INT_MAIN_CONTROL:	return &m->int_main_control;
	case M4U_REG_CPE_DONE:		return &m->cpe_done;
	case M4U_REG_FAULT_ST1:		return &m->fault_st1;
	case M4U_REG_MMU0_FAULT_VA:	return &m->fault_va[0];
	case M4U_REG_MMU0_INVLD_PA:	return &m->invld_pa[0];
	case M4U_REG_MMU1_FAULT_VA:	return &m->fault_va[1];
	case M4U_REG_MMU1_INVLD_PA:	return &m->invld_pa[1];
	case M4U_REG_MMU0_INT_ID:	return &m->int_id[0];
	case M4U_REG_MMU1_INT_ID:	return &m->int_id[1];
	default:			return NULL;
	}
}

static bool m4u_reg_read_only(u64 offset)
{
	return offset >= M4U_REG_FAULT_ST1 && offset <= M4U_REG_MMU1_INT_ID;
}

static void m4u_set_irq(struct m4u_core *m, bool level)
{
	if (m->has_irq)
		m->ops->set_irq(m->host, level);
}

/* An invalidate reaches the TLB only through the TLBs INV_SEL selects. */
static void m4u_invalidate(struct m4u_core *m, u32 cmd)
{
	if (!(m->inv_sel & (M4U_F_INVLD_EN0 | M4U_F_INVLD_EN1))) {
		M4U_TRACE(m->sim, m4u_invalidate_none, m->name, cmd);
		return;
	}
	if (cmd & M4U_F_ALL_INVLD) {
		m4u_tlb_invalidate_all(&m->tlb);
		M4U_TRACE(m->sim, m4u_invalidate_all, m->name);
	} else if (cmd & M4U_F_INV_RANGE) {
		u32 start = m->invld_start & M4U_INVLD_ADDR_MASK;
		u32 end = (m->invld_end & M4U_INVLD_ADDR_MASK) | 0xfff;

		if (m->ops->range_lost && m->ops->range_lost(m->host)) {
			M4U_TRACE(m->sim, m4u_invalidate_lost, m->name, start, end);
			return;
		}
		m4u_tlb_invalidate_range(&m->tlb, start, end);
		m->cpe_done = 1;
		M4U_TRACE(m->sim, m4u_invalidate_range, m->name, start, end);
	}
}

u32 m4u_reg_read(struct m4u_core *m, u64 offset)
{
	u32 *reg = m4u_reg(m, offset);

	if (offset == M4U_REG_INVALIDATE)
		return 0;
	if (!reg) {
		m4u_guest_error(m->ops, m->host, m->name,
				"read of unknown register at offset 0x%llx",
				(unsigned long long)offset);
		return 0xffffffff;
	}
	return *reg;
}

void m4u_reg_write(struct m4u_core *m, u64 offset, u64 value)
{
	u32 *reg = m4u_reg(m, offset);

	switch (offset) {
	case M4U_REG_INVALIDATE:
		m4u_invalidate(m, value);
		return;
	case M4U_REG_INT_CONTROL0:
		/* The clear bit is a pulse: it clears the latched fault. */
		m->int_control0 = value & ~M4U_F_INT_CLR;
		if (value & M4U_F_INT_CLR) {
			m->fault_st1 = 0;
			m4u_set_irq(m, false);
		}
		return;
	case M4U_REG_CPE_DONE:
		m->cpe_done = value;
		return;
	}
	if (!reg) {
		m4u_guest_error(m->ops, m->host, m->name,
				"write of 0x%llx to unknown register at offset 0x%llx",
				(unsigned long long)value, (unsigned long long)offset);
		return;
	}
	if (m4u_reg_read_only(offset)) {
		m4u_guest_error(m->ops, m->host, m->name,
				"write of 0x%llx to read-only register at offset 0x%llx",
				(unsigned long long)value, (unsigned long long)offset);
		return;
	}
	*reg = value;
	if (offset == M4U_REG_PT_BASE_ADDR)
		M4U_TRACE(m->sim, m4u_pt_base_write, m->name, m->pt_base);
}

u32 m4u_reg_peek(struct m4u_core *m, u64 offset)
{
	u32 *reg = m4u_reg(m, offset);

	return reg ? *reg : 0;
}

/* The CPU address an M4U output address reaches. */
static phys_addr_t m4u_bus_to_cpu(const struct m4u_core *m, u64 out)
{
	if (m->four_gb && out >= M4U_4GB_MODE_REMAP_BASE)
		return out & ~BIT_ULL(32);
	return out;
}

static phys_addr_t m4u_protect_pa(const struct m4u_core *m)
{
	return (phys_addr_t)(m->ivrp_paddr & ~M4U_F_IVRP_4GB) << 1;
}

/*
 * A translation fault: latch the registers unless a fault is pending,
 * send the access where CTRL_REG says, and raise the interrupt if enabled.
 */
static void m4u_fault(struct m4u_core *m, const char *master, bool write, u32 va,
		      bool layer, unsigned int larb, unsigned int port,
		      struct sim_dma_xlate *out)
{
	u32 fault_va = (va & M4U_INVLD_ADDR_MASK) |
		       (write ? M4U_F_FAULT_VA_WRITE : 0) |
		       (layer ? M4U_F_FAULT_VA_LAYER : 0);
	u32 int_id = M4U_F_INT_ID(larb, port);
	bool irq = (m->int_main_control & M4U_F_INT_TRANSLATION_FAULT) && m->has_irq;

	if (!m->fault_st1) {
		m->fault_st1 = M4U_F_INT_TRANSLATION_FAULT;
		m->fault_va[0] = fault_va;
		m->invld_pa[0] = 0;
		m->int_id[0] = int_id;
	}
	if (m->ops->fault)
		m->ops->fault(m->host, master, fault_va, int_id, irq);
	M4U_TRACE(m->sim, m4u_fault, master, va, larb, port, layer, write);

	if (m->ctrl_reg & M4U_F_TF_PROT_TO_PROGRAM_ADDR) {
		out->kind = SIM_XLATE_FAULT;
		out->pa = m4u_protect_pa(m);
		out->page_size = M4U_PROTECT_SIZE;
	} else {
		out->kind = SIM_XLATE_ABORT;
		out->page_size = 0;
	}
	if (irq)
		m4u_set_irq(m, true);
}

void m4u_translate(struct m4u_core *m, const char *master, u32 id, u64 addr,
		   bool write, struct sim_dma_xlate *out)
{
	unsigned int larb = M4U_ID_TO_LARB(id), port = M4U_ID_TO_PORT(id);
	const struct m4u_tlb_entry *e;
	struct sim_pgtable_walk walk;
	u32 va = addr, mmu_en;

	out->len = SZ_4K - (addr & (SZ_4K - 1));
	out->page_size = 0;
	out->kind = SIM_XLATE_ABORT;
	if (!m->ops->larb_mmu_en(m->host, larb, &mmu_en)) {
		m4u_guest_error(m->ops, m->host, m->name,
				"%s: access from larb %u, which the M4U does not have",
				master, larb);
		return;
	}
	if (addr > U32_MAX) {
		m4u_guest_error(m->ops, m->host, m->name, "%s: IOVA 0x%llx beyond 32 bits",
				master, (unsigned long long)addr);
		return;
	}
	if (!(mmu_en & BIT(port))) {
		out->kind = SIM_XLATE_BYPASS;
		out->pa = addr;
		return;
	}

	e = m4u_tlb_lookup(&m->tlb, va);
	if (e) {
		m->tlb.stats.hits++;
		out->kind = SIM_XLATE_TLB_HIT;
		out->pa = m4u_bus_to_cpu(m, e->pa + (va - e->va));
		out->len = e->va + (u64)e->size - va;
		out->page_size = e->size;
		M4U_TRACE(m->sim, m4u_tlb_hit, master, va, out->pa);
		return;
	}

	m->tlb.stats.misses++;
	m4u_walk_table(m->ops->read32, m->host, m->pt_base, va, &walk);
	if (!walk.mapped) {
		M4U_TRACE(m->sim, m4u_tlb_miss_fault, master, va);
		m4u_fault(m, master, write, va, walk.nr_steps == 2, larb, port, out);
		return;
	}
	m4u_tlb_insert(&m->tlb, va, walk.block_size, walk.pa);
	out->kind = SIM_XLATE_TLB_MISS;
	out->pa = m4u_bus_to_cpu(m, walk.pa);
	out->len = walk.block_size - (va & (walk.block_size - 1));
	out->page_size = walk.block_size;
	M4U_TRACE(m->sim, m4u_tlb_miss, master, va, out->pa);
}
