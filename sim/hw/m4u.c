/*
 * The mt8173 M4U: a register file at the offsets Linux 6.1's mtk_iommu.c
 * programs, a TLB in front of a page-table walker, and translation faults
 * that latch the fault registers and raise the interrupt.  Each access
 * comes in through a larb port; a port whose larb bit is clear never
 * reaches the M4U.
 *
 * In 4 GB mode (DRAM past 4 GiB) the M4U's output addresses are 33 bits
 * and the memory system aliases them back (mtk_iommu.c draws it):
 *
 *   M4U output   4G ---- 5G ---- 6G ---- 7G ---- 8G
 *                | E     | B     | C     | D     |
 *   CPU address  4G..5G   1G..2G  2G..3G  3G..4G
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/errno.h>
#include <sim/io.h>
#include <sim/irq.h>
#include <sim/mem.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>

#include "m4u-model.h"

#define M4U_LARB_NR_MAX		32
#define M4U_ID_TO_LARB(id)	(((id) >> 5) & 0x1f)
#define M4U_ID_TO_PORT(id)	((id) & 0x1f)
#define M4U_F_INT_ID(larb, port)	((larb) << 7 | (port) << 2)
#define M4U_INVLD_ADDR_MASK	((u32)GENMASK(31, 12))

struct m4u {
	struct sim_hw *hw;
	struct sim_mmio_region mmio;
	int irq;			/* -1 without "interrupts" */
	bool four_gb;

	u32 pt_base, inv_sel, invld_start, invld_end;
	u32 misc_ctrl, dcm_dis, wr_len_ctrl;
	u32 ctrl_reg, ivrp_paddr, vld_pa_rng;
	u32 int_control0, int_main_control, cpe_done;
	u32 fault_st1, fault_va[2], invld_pa[2], int_id[2];

	struct m4u_tlb tlb;
	struct m4u_fault_record *faults;
	size_t nr_faults, faults_cap;
};

const struct m4u_reg_name m4u_reg_names[] = {
	{ M4U_REG_PT_BASE_ADDR, "PT_BASE_ADDR" },
	{ M4U_REG_INVALIDATE, "INVALIDATE" },
	{ M4U_REG_INVLD_START_A, "INVLD_START_A" },
	{ M4U_REG_INVLD_END_A, "INVLD_END_A" },
	{ M4U_REG_INV_SEL, "INV_SEL" },
	{ M4U_REG_MISC_CTRL, "MISC_CTRL" },
	{ M4U_REG_DCM_DIS, "DCM_DIS" },
	{ M4U_REG_WR_LEN_CTRL, "WR_LEN_CTRL" },
	{ M4U_REG_CTRL_REG, "CTRL_REG" },
	{ M4U_REG_IVRP_PADDR, "IVRP_PADDR" },
	{ M4U_REG_VLD_PA_RNG, "VLD_PA_RNG" },
	{ M4U_REG_INT_CONTROL0, "INT_CONTROL0" },
	{ M4U_REG_INT_MAIN_CONTROL, "INT_MAIN_CONTROL" },
	{ M4U_REG_CPE_DONE, "CPE_DONE" },
	{ M4U_REG_FAULT_ST1, "FAULT_ST1" },
	{ M4U_REG_MMU0_FAULT_VA, "MMU0_FAULT_VA" },
	{ M4U_REG_MMU0_INVLD_PA, "MMU0_INVLD_PA" },
	{ M4U_REG_MMU1_FAULT_VA, "MMU1_FAULT_VA" },
	{ M4U_REG_MMU1_INVLD_PA, "MMU1_INVLD_PA" },
	{ M4U_REG_MMU0_INT_ID, "MMU0_INT_ID" },
	{ M4U_REG_MMU1_INT_ID, "MMU1_INT_ID" },
};
const size_t m4u_nr_reg_names = ARRAY_SIZE(m4u_reg_names);

/* Where a register read returns its value; NULL for write-only or unknown. */
static u32 *m4u_reg(struct m4u *m, u64 offset)
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

static void m4u_set_irq(struct m4u *m, bool level)
{
	if (m->irq >= 0)
		sim_irq_set_level(m->hw->sim, m->irq, level);
}

/* An invalidate reaches the TLB only through the TLBs INV_SEL selects. */
static void m4u_invalidate(struct m4u *m, u32 cmd)
{
	struct sim *sim = m->hw->sim;

	if (!(m->inv_sel & (M4U_F_INVLD_EN0 | M4U_F_INVLD_EN1))) {
		trace_m4u_invalidate_none(sim, m->hw->name, cmd);
		return;
	}
	if (cmd & M4U_F_ALL_INVLD) {
		m4u_tlb_invalidate_all(&m->tlb);
		trace_m4u_invalidate_all(sim, m->hw->name);
	} else if (cmd & M4U_F_INV_RANGE) {
		u32 start = m->invld_start & M4U_INVLD_ADDR_MASK;
		u32 end = (m->invld_end & M4U_INVLD_ADDR_MASK) | 0xfff;

		m4u_tlb_invalidate_range(&m->tlb, start, end);
		m->cpe_done = 1;
		trace_m4u_invalidate_range(sim, m->hw->name, start, end);
	}
}

static u64 m4u_read(void *opaque, u64 offset, unsigned int size)
{
	struct m4u *m = opaque;
	u32 *reg = m4u_reg(m, offset);

	(void)size;
	if (offset == M4U_REG_INVALIDATE)
		return 0;
	if (!reg) {
		sim_guest_error(m->hw->sim, m->hw->name,
				"read of unknown register at offset 0x%llx",
				(unsigned long long)offset);
		return 0xffffffff;
	}
	return *reg;
}

static void m4u_write(void *opaque, u64 offset, u64 value, unsigned int size)
{
	struct m4u *m = opaque;
	u32 *reg = m4u_reg(m, offset);

	(void)size;
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
		sim_guest_error(m->hw->sim, m->hw->name,
				"write of 0x%llx to unknown register at offset 0x%llx",
				(unsigned long long)value, (unsigned long long)offset);
		return;
	}
	if (m4u_reg_read_only(offset)) {
		sim_guest_error(m->hw->sim, m->hw->name,
				"write of 0x%llx to read-only register at offset 0x%llx",
				(unsigned long long)value, (unsigned long long)offset);
		return;
	}
	*reg = value;
	if (offset == M4U_REG_PT_BASE_ADDR)
		trace_m4u_pt_base_write(m->hw->sim, m->hw->name, m->pt_base);
}

static const struct sim_mmio_ops m4u_mmio_ops = {
	.read = m4u_read,
	.write = m4u_write,
	.access_sizes = SIM_MMIO_32,
};

/* Larb @id's model: entry @id of the M4U's "mediatek,larbs". */
static struct sim_hw *m4u_larb_hw(struct m4u *m, unsigned int id)
{
	struct sim *sim = m->hw->sim;
	struct device_node *np;

	np = of_parse_phandle(m->hw->np, "mediatek,larbs", id);
	return np ? sim_hw_find(sim, np) : NULL;
}

/* The CPU address an M4U output address reaches. */
static phys_addr_t m4u_bus_to_cpu(const struct m4u *m, u64 out)
{
	if (m->four_gb && out >= M4U_4GB_MODE_REMAP_BASE)
		return out & ~BIT_ULL(32);
	return out;
}

static phys_addr_t m4u_protect_pa(const struct m4u *m)
{
	return (phys_addr_t)(m->ivrp_paddr & ~M4U_F_IVRP_4GB) << 1;
}

static void m4u_record_fault(struct m4u *m, const struct sim_dma_req *req,
			     u32 fault_va, u32 int_id, bool irq)
{
	struct m4u_fault_record *rec;

	if (m->nr_faults == m->faults_cap) {
		size_t cap = m->faults_cap ? m->faults_cap * 2 : 16;

		rec = realloc(m->faults, cap * sizeof(*rec));
		if (!rec)
			return;
		m->faults = rec;
		m->faults_cap = cap;
	}
	rec = &m->faults[m->nr_faults++];
	memset(rec, 0, sizeof(*rec));
	rec->time = m->hw->sim->now;
	snprintf(rec->master, sizeof(rec->master), "%s", req->master->name);
	rec->fault_st1 = M4U_F_INT_TRANSLATION_FAULT;
	rec->fault_va = fault_va;
	rec->int_id = int_id;
	rec->irq = irq;
}

/*
 * A translation fault: latch the registers unless a fault is pending,
 * send the access where CTRL_REG says, and raise the interrupt if enabled
 * (its handler runs before this returns).
 */
static void m4u_fault(struct m4u *m, const struct sim_dma_req *req, u32 va,
		      bool layer, unsigned int larb, unsigned int port,
		      struct sim_dma_xlate *out)
{
	struct sim *sim = m->hw->sim;
	u32 fault_va = (va & M4U_INVLD_ADDR_MASK) |
		       (req->write ? M4U_F_FAULT_VA_WRITE : 0) |
		       (layer ? M4U_F_FAULT_VA_LAYER : 0);
	u32 int_id = M4U_F_INT_ID(larb, port);
	bool irq = (m->int_main_control & M4U_F_INT_TRANSLATION_FAULT) && m->irq >= 0;

	if (!m->fault_st1) {
		m->fault_st1 = M4U_F_INT_TRANSLATION_FAULT;
		m->fault_va[0] = fault_va;
		m->invld_pa[0] = 0;
		m->int_id[0] = int_id;
	}
	m4u_record_fault(m, req, fault_va, int_id, irq);
	trace_m4u_fault(sim, req->master->name, va, larb, port, layer, req->write);

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

static int m4u_translate(struct sim_hw *hw, const struct sim_dma_req *req,
			 struct sim_dma_xlate *out)
{
	struct m4u *m = hw->priv;
	struct sim *sim = hw->sim;
	u32 id = req->spec->args_count ? req->spec->args[0] : 0;
	unsigned int larb_id = M4U_ID_TO_LARB(id), port = M4U_ID_TO_PORT(id);
	const struct m4u_tlb_entry *e;
	struct sim_pgtable_walk walk;
	struct sim_hw *larb;
	u32 va = req->addr;

	out->len = SZ_4K - (req->addr & (SZ_4K - 1));
	out->page_size = 0;
	out->kind = SIM_XLATE_ABORT;
	larb = m4u_larb_hw(m, larb_id);
	if (!larb) {
		sim_guest_error(sim, hw->name, "%s: access from larb %u, which the M4U does not have",
				req->master->name, larb_id);
		return 0;
	}
	if (req->addr > U32_MAX) {
		sim_guest_error(sim, hw->name, "%s: IOVA 0x%llx beyond 32 bits",
				req->master->name, (unsigned long long)req->addr);
		return 0;
	}
	if (!(sim_smi_larb_mmu_en(larb) & BIT(port))) {
		out->kind = SIM_XLATE_BYPASS;
		out->pa = req->addr;
		return 0;
	}

	e = m4u_tlb_lookup(&m->tlb, va);
	if (e) {
		m->tlb.stats.hits++;
		out->kind = SIM_XLATE_TLB_HIT;
		out->pa = m4u_bus_to_cpu(m, e->pa + (va - e->va));
		out->len = e->va + (u64)e->size - va;
		out->page_size = e->size;
		trace_m4u_tlb_hit(sim, req->master->name, va, out->pa);
		return 0;
	}

	m->tlb.stats.misses++;
	m4u_pgtable_walk(sim->mem, m->pt_base, va, &walk);
	if (!walk.mapped) {
		trace_m4u_tlb_miss_fault(sim, req->master->name, va);
		m4u_fault(m, req, va, walk.nr_steps == 2, larb_id, port, out);
		return 0;
	}
	m4u_tlb_insert(&m->tlb, va, walk.block_size, walk.pa);
	out->kind = SIM_XLATE_TLB_MISS;
	out->pa = m4u_bus_to_cpu(m, walk.pa);
	out->len = walk.block_size - (va & (walk.block_size - 1));
	out->page_size = walk.block_size;
	trace_m4u_tlb_miss(sim, req->master->name, va, out->pa);
	return 0;
}

#define M4U_PT_BASE_MASK	((u32)GENMASK(31, 7))

/* Every master walks PT_BASE's table, unless its larb port bypasses the M4U. */
static int m4u_peek_path(struct sim_hw *hw, const struct of_phandle_args *spec,
			 struct sim_hw_path *path)
{
	struct m4u *m = hw->priv;
	unsigned int larb_id, port;
	struct sim_hw *larb;
	u32 id;

	*path = (struct sim_hw_path){
		.kind = SIM_PATH_TABLE,
		.table = m->pt_base & M4U_PT_BASE_MASK,
	};
	if (!spec)
		return 0;
	id = spec->args_count ? spec->args[0] : 0;
	larb_id = M4U_ID_TO_LARB(id);
	port = M4U_ID_TO_PORT(id);
	larb = m4u_larb_hw(m, larb_id);
	if (!larb) {
		path->kind = SIM_PATH_BLOCKED;
		snprintf(path->why, sizeof(path->why), "the M4U has no larb %u", larb_id);
		return 0;
	}
	/* A larb writes its port bits when it resumes. */
	path->gate = larb->np;
	if (!(sim_smi_larb_mmu_en(larb) & BIT(port))) {
		path->kind = SIM_PATH_BYPASS;
		snprintf(path->why, sizeof(path->why), "%s MMU_EN bit %u is clear",
			 larb->name, port);
	}
	return 0;
}

static int m4u_peek_tlb(struct sim_hw *hw, unsigned int i, struct sim_hw_tlb_entry *e)
{
	struct m4u *m = hw->priv;
	const struct m4u_tlb_entry *t;

	if (i >= m->tlb.size)
		return -ENOENT;
	t = &m->tlb.entry[i];
	if (!t->valid)
		return 0;
	*e = (struct sim_hw_tlb_entry){
		.iova = t->va, .size = t->size, .pa = t->pa, .perm = -1,
	};
	snprintf(e->flush, sizeof(e->flush), "a range invalidate of 0x%x-0x%x",
		 t->va, t->va + (t->size - 1));
	return 1;
}

static void m4u_walk(struct sim_hw *hw, const struct sim_hw_path *path, u64 iova,
		     struct sim_pgtable_walk *walk, int *perm)
{
	m4u_pgtable_walk(hw->sim->mem, path->table, iova, walk);
	*perm = -1;
}

static int m4u_create(struct sim_hw *hw)
{
	struct sim *sim = hw->sim;
	struct m4u *m;
	u32 type, num;
	u64 base, size;
	int ret;

	if (of_reg_read(hw->np, 0, &base, &size))
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->hw = hw;
	m->irq = -1;
	if (!of_property_read_u32_index(hw->np, "interrupts", 0, &type) &&
	    !of_property_read_u32_index(hw->np, "interrupts", 1, &num) && type == 0)
		m->irq = num + SIM_GIC_SPI_BASE;
	m->four_gb = sim_mem_ram_end(sim->mem) > SZ_4G;
	ret = m4u_tlb_init(&m->tlb, sim->params.m4u_tlb_entries);
	if (ret)
		goto out_free;
	m->mmio = (struct sim_mmio_region) {
		.name = hw->name, .base = base, .size = size,
		.ops = &m4u_mmio_ops, .opaque = m,
	};
	ret = sim_mmio_add(sim, &m->mmio);
	if (ret)
		goto out_tlb;
	hw->priv = m;
	return 0;

out_tlb:
	m4u_tlb_release(&m->tlb);
out_free:
	free(m);
	return ret;
}

static void m4u_destroy(struct sim_hw *hw)
{
	struct m4u *m = hw->priv;

	sim_mmio_del(&m->mmio);
	m4u_tlb_release(&m->tlb);
	free(m->faults);
	free(m);
}

const struct sim_hw_type sim_m4u_hw_type = {
	.compatible = "mediatek,mt8173-m4u",
	.create = m4u_create,
	.destroy = m4u_destroy,
	.translate = m4u_translate,
	.peek_path = m4u_peek_path,
	.peek_tlb = m4u_peek_tlb,
	.walk = m4u_walk,
};

u32 sim_m4u_reg_peek(struct sim_hw *hw, u32 offset)
{
	struct m4u *m = hw->priv;
	u32 *reg = m4u_reg(m, offset);

	return reg ? *reg : 0;
}

unsigned int sim_m4u_tlb_size(struct sim_hw *hw)
{
	return ((struct m4u *)hw->priv)->tlb.size;
}

const struct m4u_tlb_entry *sim_m4u_tlb_entry(struct sim_hw *hw, unsigned int i)
{
	struct m4u *m = hw->priv;

	return i < m->tlb.size ? &m->tlb.entry[i] : NULL;
}

const struct m4u_tlb_stats *sim_m4u_tlb_stats(struct sim_hw *hw)
{
	return &((struct m4u *)hw->priv)->tlb.stats;
}

size_t sim_m4u_fault_count(struct sim_hw *hw)
{
	return ((struct m4u *)hw->priv)->nr_faults;
}

const struct m4u_fault_record *sim_m4u_fault(struct sim_hw *hw, size_t i)
{
	struct m4u *m = hw->priv;

	return i < m->nr_faults ? &m->faults[i] : NULL;
}

struct sim_hw *sim_m4u_larb(struct sim_hw *hw, unsigned int larb_id)
{
	return m4u_larb_hw(hw->priv, larb_id);
}
