/*
 * Looking at and poking the hardware: the M4U's registers, TLB and fault
 * records, every IOMMU's fault reports, the kernel log, raw MMIO, and
 * runtime PM references on a device.
 */
#include <string.h>

#include <sim/device.h>
#include <sim/errno.h>
#include <sim/io.h>
#include <sim/m4u.h>
#include <sim/vtd-hw.h>
#include <sim/pm_runtime.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

static void print_time(struct con *con, u64 t)
{
	fprintf(con->out, "[%llu.%06llu] ", (unsigned long long)(t / NSEC_PER_SEC),
		(unsigned long long)(t % NSEC_PER_SEC / NSEC_PER_USEC));
}

static struct sim_hw *find_m4u(struct con *con)
{
	struct sim_hw *hw = sim_hw_first(con->sim, &sim_m4u_hw_type);

	if (!hw)
		con_err(con, -ENODEV, "board '%s' has no M4U",
			con->sim->board_name ? con->sim->board_name : "(none)");
	return hw;
}

static int cmd_m4u_regs(struct con *con, int argc, char **argv)
{
	struct sim_hw *hw = find_m4u(con);
	struct device *dev;

	if (!hw)
		return -1;
	for (size_t i = 0; i < m4u_nr_reg_names; i++)
		fprintf(con->out, "0x%03x %s=0x%x\n", m4u_reg_names[i].offset,
			m4u_reg_names[i].name, sim_m4u_reg_peek(hw, m4u_reg_names[i].offset));
	for (unsigned int id = 0; id < 32; id++) {
		struct sim_hw *larb = sim_m4u_larb(hw, id);

		if (!larb)
			continue;
		dev = sim_find_device(con->sim, larb->name);
		/* A runtime-suspended larb is powered off: its bits mean nothing yet. */
		fprintf(con->out, "larb%u MMU_EN=0x%x%s\n", id, sim_smi_larb_mmu_en(larb),
			dev && !dev->power.active ? " (suspended)" : "");
	}
	return 0;
}

static int cmd_m4u_tlb(struct con *con, int argc, char **argv)
{
	struct sim_hw *hw = find_m4u(con);
	const struct m4u_tlb_stats *st;
	unsigned int valid = 0;

	if (!hw)
		return -1;
	st = sim_m4u_tlb_stats(hw);
	for (unsigned int i = 0; i < sim_m4u_tlb_size(hw); i++)
		valid += sim_m4u_tlb_entry(hw, i)->valid;
	fprintf(con->out,
		"tlb entries=%u valid=%u hits=%llu misses=%llu flush_all=%llu flush_range=%llu dropped=%llu\n",
		sim_m4u_tlb_size(hw), valid, (unsigned long long)st->hits,
		(unsigned long long)st->misses, (unsigned long long)st->flush_all,
		(unsigned long long)st->flush_range, (unsigned long long)st->entries_dropped);
	for (unsigned int i = 0; i < sim_m4u_tlb_size(hw); i++) {
		const struct m4u_tlb_entry *e = sim_m4u_tlb_entry(hw, i);

		if (e->valid)
			fprintf(con->out, " %u iova=0x%x size=0x%x pa=0x%llx\n", i, e->va,
				e->size, (unsigned long long)e->pa);
	}
	return 0;
}

static int cmd_m4u_faults(struct con *con, int argc, char **argv)
{
	struct sim_hw *hw = find_m4u(con);

	if (!hw)
		return -1;
	for (size_t i = 0; i < sim_m4u_fault_count(hw); i++) {
		const struct m4u_fault_record *f = sim_m4u_fault(hw, i);

		print_time(con, f->time);
		fprintf(con->out,
			"dev=%s st1=0x%x va=0x%x pa=0x%x int_id=0x%x larb=%u port=%u layer=%u %s irq=%d\n",
			f->master, f->fault_st1, f->fault_va, f->invld_pa, f->int_id,
			(f->int_id >> 7) & 0x7, (f->int_id >> 2) & 0x1f,
			(unsigned int)(f->fault_va & M4U_F_FAULT_VA_LAYER),
			f->fault_va & M4U_F_FAULT_VA_WRITE ? "write" : "read", f->irq);
	}
	return 0;
}

/* The VT-d unit named @arg, or the board's first; NULL after an error line. */
static struct sim_hw *find_vtd(struct con *con, int argc, char **argv)
{
	struct sim_hw *hw = argc ? sim_hw_find_by_name(con->sim, argv[0]) :
				   sim_hw_first(con->sim, &sim_vtd_hw_type);

	if (hw && hw->type == &sim_vtd_hw_type)
		return hw;
	if (argc)
		con_err(con, -ENODEV, "no VT-d unit '%s'", argv[0]);
	else
		con_err(con, -ENODEV, "board '%s' has no VT-d unit",
			con->sim->board_name ? con->sim->board_name : "(none)");
	return NULL;
}

static int cmd_vtd_regs(struct con *con, int argc, char **argv)
{
	struct sim_hw *hw = find_vtd(con, argc, argv);

	if (!hw)
		return -1;
	for (size_t i = 0; i < vtd_nr_reg_names; i++)
		fprintf(con->out, "0x%03x %s=0x%llx\n", vtd_reg_names[i].offset,
			vtd_reg_names[i].name,
			(unsigned long long)sim_vtd_reg_peek(hw, vtd_reg_names[i].offset));
	return 0;
}

static int cmd_vtd_iotlb(struct con *con, int argc, char **argv)
{
	struct sim_hw *hw = find_vtd(con, argc, argv);
	const struct vtd_iotlb_stats *st;
	unsigned int valid = 0;

	if (!hw)
		return -1;
	st = sim_vtd_iotlb_stats(hw);
	for (unsigned int i = 0; i < sim_vtd_iotlb_size(hw); i++)
		valid += sim_vtd_iotlb_entry(hw, i)->valid;
	fprintf(con->out,
		"iotlb entries=%u valid=%u hits=%llu misses=%llu inv_global=%llu inv_domain=%llu inv_page=%llu dropped=%llu\n",
		sim_vtd_iotlb_size(hw), valid, (unsigned long long)st->hits,
		(unsigned long long)st->misses, (unsigned long long)st->inv_global,
		(unsigned long long)st->inv_domain, (unsigned long long)st->inv_page,
		(unsigned long long)st->entries_dropped);
	for (unsigned int i = 0; i < sim_vtd_iotlb_size(hw); i++) {
		const struct vtd_iotlb_entry *e = sim_vtd_iotlb_entry(hw, i);

		if (e->valid)
			fprintf(con->out, " %u did=%u iova=0x%llx size=0x%llx pa=0x%llx %s%s\n", i,
				e->did, (unsigned long long)e->iova, (unsigned long long)e->size,
				(unsigned long long)e->pa, e->read ? "r" : "", e->write ? "w" : "");
	}
	return 0;
}

static int cmd_faults(struct con *con, int argc, char **argv)
{
	const struct sim_klog_line *line;

	for (size_t i = 0; (line = sim_klog_get(con->sim, i)); i++)
		if (line->fault)
			fprintf(con->out, "%s\n", sim_klog_console_text(line));
	return 0;
}

static int cmd_dmesg(struct con *con, int argc, char **argv)
{
	const struct sim_klog_line *line;

	for (size_t i = 0; (line = sim_klog_get(con->sim, i)); i++) {
		print_time(con, line->time);
		fprintf(con->out, "%s\n", line->text);
	}
	return 0;
}

static int parse_access_size(struct con *con, int argc, char **argv, int at,
			     unsigned int *size)
{
	struct gram_err e;
	u64 v = 4;

	if (argc > at && gram_parse_u64(argv[at], &v, &e))
		return con_err(con, 0, "bad size: %s", e.msg);
	if (v != 1 && v != 2 && v != 4 && v != 8)
		return con_err(con, -EINVAL, "access size %llu is not 1, 2, 4 or 8",
			       (unsigned long long)v);
	*size = v;
	return 0;
}

static void print_guest_errors(struct con *con, u64 before)
{
	u64 n = con->sim->guest_errors - before;

	if (n)
		fprintf(con->out, " guest_errors=%llu (see trace show guest_error)\n",
			(unsigned long long)n);
}

static int cmd_mmio_read(struct con *con, int argc, char **argv)
{
	u64 pa, before = con->sim->guest_errors, v;
	unsigned int size;

	if (con_parse_addr(con, "address", argv[0], &pa) ||
	    parse_access_size(con, argc, argv, 1, &size))
		return -1;
	v = sim_mmio_read(con->sim, pa, size);
	fprintf(con->out, "mmio read 0x%llx size=%u -> 0x%llx\n", (unsigned long long)pa,
		size, (unsigned long long)v);
	print_guest_errors(con, before);
	return 0;
}

static int cmd_mmio_write(struct con *con, int argc, char **argv)
{
	u64 pa, v, before = con->sim->guest_errors;
	unsigned int size;
	struct gram_err e;

	if (con_parse_addr(con, "address", argv[0], &pa))
		return -1;
	if (gram_parse_u64(argv[1], &v, &e))
		return con_err(con, 0, "bad value: %s", e.msg);
	if (parse_access_size(con, argc, argv, 2, &size))
		return -1;
	if (size < 8 && v >> (size * 8))
		return con_err(con, -EINVAL, "value 0x%llx does not fit in %u byte%s",
			       (unsigned long long)v, size, size == 1 ? "" : "s");
	sim_mmio_write(con->sim, pa, v, size);
	fprintf(con->out, "mmio write 0x%llx 0x%llx size=%u\n", (unsigned long long)pa,
		(unsigned long long)v, size);
	print_guest_errors(con, before);
	return 0;
}

static void print_pm(struct con *con, const char *what, struct device *dev, int ret)
{
	fprintf(con->out, "pm %s %s -> %s usage=%d active=%d\n", what, dev_name(dev),
		sim_errname(ret), dev->power.usage_count, dev->power.active);
}

static int cmd_pm_get(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);

	if (!dev)
		return -1;
	print_pm(con, "get", dev, pm_runtime_get_sync(dev));
	return 0;
}

static int cmd_pm_put(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);

	if (!dev)
		return -1;
	if (dev->power.usage_count <= 0)
		return con_err(con, -EINVAL, "device '%s' holds no runtime PM reference",
			       argv[0]);
	pm_runtime_put(dev);
	print_pm(con, "put", dev, 0);
	return 0;
}

/* The names of the board's VT-d units. */
static const char *gen_vtd(struct con *con, int argi, const char *text, size_t idx)
{
	struct sim_hw *hw;

	if (argi != 0)
		return NULL;
	list_for_each_entry(hw, &con->sim->hw, node)
		if (hw->type == &sim_vtd_hw_type && idx-- == 0)
			return hw->name;
	return NULL;
}

const struct con_cmd con_hw_cmds[] = {
	{ "m4u regs", "", cmd_m4u_regs,
	  "the M4U's registers and each larb's MMU_EN port bits, (suspended) when runtime-suspended", NULL },
	{ "m4u tlb", "", cmd_m4u_tlb,
	  "the M4U TLB's valid entries and its hit, miss and flush counters", NULL },
	{ "m4u faults", "", cmd_m4u_faults,
	  "every translation fault the M4U latched, decoded", NULL },
	{ "vtd regs", "[iommu]", cmd_vtd_regs,
	  "a VT-d unit's registers (default: the board's first)", gen_vtd },
	{ "vtd iotlb", "[iommu]", cmd_vtd_iotlb,
	  "a VT-d unit's IOTLB entries and its hit, miss and invalidation counters", gen_vtd },
	{ "faults", "", cmd_faults, "every IOMMU driver's fault reports", NULL },
	{ "dmesg", "", cmd_dmesg, "the kernel log, with times", NULL },
	{ "mmio read", "<addr> [size]", cmd_mmio_read,
	  "a CPU read of 1, 2, 4 (default) or 8 bytes at a physical address", NULL },
	{ "mmio write", "<addr> <value> [size]", cmd_mmio_write,
	  "a CPU write of 1, 2, 4 (default) or 8 bytes at a physical address", NULL },
	{ "pm get", "<dev>", cmd_pm_get,
	  "take a runtime PM reference: resume the device and its suppliers", con_gen_dev },
	{ "pm put", "<dev>", cmd_pm_put,
	  "drop a runtime PM reference; the last one suspends", con_gen_dev },
	{ .name = NULL }
};
