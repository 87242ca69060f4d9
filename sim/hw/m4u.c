/*
 * The simulator's host of the mt8173 M4U model (sim/hw/m4u_core.c): it
 * reads the M4U's node (registers, interrupt, larbs), maps the registers
 * into the machine, gives the walker simulated memory, drives the
 * simulated interrupt line, keeps every fault the hardware latched for
 * the console's `m4u faults`, and loses the range invalidates fault
 * injection asks it to.  The peek_* callbacks and sim_m4u_*()
 * let the checker and the console look without changing anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/io.h>
#include <sim/irq.h>
#include <sim/m4u.h>
#include <sim/mem.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>

struct m4u {
	struct sim_hw *hw;
	struct sim_mmio_region mmio;
	int irq;			/* -1 without "interrupts" */
	struct m4u_core core;
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

static u64 m4u_read(void *opaque, u64 offset, unsigned int size)
{
	struct m4u *m = opaque;

	(void)size;
	return m4u_reg_read(&m->core, offset);
}

static void m4u_write(void *opaque, u64 offset, u64 value, unsigned int size)
{
	struct m4u *m = opaque;

	(void)size;
	m4u_reg_write(&m->core, offset, value);
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

static u32 mem_read32(void *mem, phys_addr_t pa)
{
	return sim_mem_read32(mem, pa);
}

void m4u_pgtable_walk(struct sim_mem *mem, u32 ttbr, u32 iova,
		      struct sim_pgtable_walk *walk)
{
	m4u_walk_table(mem_read32, mem, ttbr, iova, walk);
}

static u32 m4u_read32(void *host, phys_addr_t pa)
{
	struct m4u *m = host;

	return sim_mem_read32(m->hw->sim->mem, pa);
}

static void m4u_set_irq(void *host, bool level)
{
	struct m4u *m = host;

	sim_irq_set_level(m->hw->sim, m->irq, level);
}

static bool m4u_larb_mmu_en(void *host, unsigned int larb_id, u32 *mmu_en)
{
	struct sim_hw *larb = m4u_larb_hw(host, larb_id);

	if (!larb)
		return false;
	*mmu_en = sim_smi_larb_mmu_en(larb);
	return true;
}

/* Every fault, for `m4u faults`: the registers latch the first only. */
static void m4u_record_fault(void *host, const char *master, u32 fault_va,
			     u32 int_id, bool irq)
{
	struct m4u *m = host;
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
	snprintf(rec->master, sizeof(rec->master), "%s", master);
	rec->fault_st1 = M4U_F_INT_TRANSLATION_FAULT;
	rec->fault_va = fault_va;
	rec->int_id = int_id;
	rec->irq = irq;
}

static void m4u_guest_error_report(void *host, const char *who, const char *msg)
{
	struct m4u *m = host;

	sim_guest_error(m->hw->sim, who, "%s", msg);
}

/* `set fail.m4u_range_invalidate N` */
static bool m4u_range_lost(void *host)
{
	struct m4u *m = host;

	return should_fail_m4u_range(m->hw->sim);
}

static const struct m4u_host_ops m4u_sim_host_ops = {
	.read32 = m4u_read32,
	.set_irq = m4u_set_irq,
	.larb_mmu_en = m4u_larb_mmu_en,
	.fault = m4u_record_fault,
	.guest_error = m4u_guest_error_report,
	.range_lost = m4u_range_lost,
};

/*
 * The master's port is its specifier's one cell.  An interrupt the
 * access raises is taken once the whole access is over (sim_dma_access()).
 */
static int m4u_translate_req(struct sim_hw *hw, const struct sim_dma_req *req,
			     struct sim_dma_xlate *out)
{
	struct m4u *m = hw->priv;
	u32 id = req->spec->args_count ? req->spec->args[0] : 0;

	m4u_translate(&m->core, req->master->name, id, req->addr, req->write, out);
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
		.table = m->core.pt_base & M4U_PT_BASE_MASK,
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

	if (i >= m->core.tlb.size)
		return -ENOENT;
	t = &m->core.tlb.entry[i];
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
	struct m4u_tlb_entry *tlb;
	unsigned int tlb_size;
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
	m->core = (struct m4u_core){
		.name = hw->name, .sim = sim, .ops = &m4u_sim_host_ops, .host = m,
		.has_irq = m->irq >= 0,
		.four_gb = sim_mem_ram_end(sim->mem) > SZ_4G,
	};
	tlb_size = sim->params.m4u_tlb_entries ? sim->params.m4u_tlb_entries : 1;
	tlb = calloc(tlb_size, sizeof(*tlb));
	if (!tlb) {
		ret = -ENOMEM;
		goto out_free;
	}
	m4u_tlb_init(&m->core.tlb, tlb, tlb_size);
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
	free(tlb);
out_free:
	free(m);
	return ret;
}

static void m4u_destroy(struct sim_hw *hw)
{
	struct m4u *m = hw->priv;

	sim_mmio_del(&m->mmio);
	free(m->core.tlb.entry);
	free(m->faults);
	free(m);
}

const struct sim_hw_type sim_m4u_hw_type = {
	.compatible = "mediatek,mt8173-m4u",
	.create = m4u_create,
	.destroy = m4u_destroy,
	.translate = m4u_translate_req,
	.peek_path = m4u_peek_path,
	.peek_tlb = m4u_peek_tlb,
	.walk = m4u_walk,
};

u32 sim_m4u_reg_peek(struct sim_hw *hw, u32 offset)
{
	return m4u_reg_peek(&((struct m4u *)hw->priv)->core, offset);
}

unsigned int sim_m4u_tlb_size(struct sim_hw *hw)
{
	return ((struct m4u *)hw->priv)->core.tlb.size;
}

const struct m4u_tlb_entry *sim_m4u_tlb_entry(struct sim_hw *hw, unsigned int i)
{
	struct m4u *m = hw->priv;

	return i < m->core.tlb.size ? &m->core.tlb.entry[i] : NULL;
}

const struct m4u_tlb_stats *sim_m4u_tlb_stats(struct sim_hw *hw)
{
	return &((struct m4u *)hw->priv)->core.tlb.stats;
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
