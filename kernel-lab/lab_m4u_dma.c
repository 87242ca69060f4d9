// SPDX-License-Identifier: GPL-2.0
/*
 * `dma read` and `dma write` for the software M4U's masters: the master's
 * access goes through its larb port and the M4U model (lab_m4u_model.c),
 * the simulator's own model core, which walks the page table the M4U
 * driver built in real memory, through the same TLB; the bytes then move
 * in real memory.  The arguments, checks and output lines are the
 * console's (console/cmd_dma.c):
 *
 *  - the kernel log lines the access set off, first, as the simulator
 *    prints them while the access runs: mtk_iommu_isr()'s fault report,
 *    in the console's form "mtk-iommu: fault ..." (the kernel's
 *    dev_err() also names the device: "mtk-iommu iommu: fault ..."), and
 *    its ratelimit's "mtk_iommu_isr: N callbacks suppressed";
 *  - "dma read|write DEV iova=0x.. len=0x.. -> 0|fault";
 *  - one line per piece: " iova=0x.. pa=0x.. len=0x.. KIND" (tlb_hit,
 *    tlb_miss, bypass, fault) or " iova=0x.. pa=- len=0x.. abort";
 *  - for a read, " data" and the first bytes it got.
 *
 * The master is held runtime-active meanwhile, as a driver does around a
 * job, so that its larb resumes and writes the M4U's port bits.
 *
 * A real machine's memory is not the simulator's: a device let loose on
 * it could overwrite anything.  So the bytes move only where kernel-lab
 * knows what is there: a block of pages one of its named mappings holds
 * (lab_dma.c), or the M4U's protect buffer, where a faulting access lands
 * (the driver's own memory).  An access that reaches anywhere else (a
 * stale TLB entry to pages given back, a port that bypasses the M4U and
 * uses the IOVA as an address) moves nothing and gets an error line
 * naming the address; the simulator would have carried it out.  For the
 * same reason a master wired straight to memory (no iommus=) is refused.
 */
#include <linux/device.h>
#include <linux/io.h>
#include <linux/kmsg_dump.h>
#include <linux/mm.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <sim/dma-xlate.h>

#include "lab.h"
#include "lab_m4u_model.h"

static const struct lab_klog_prefix m4u_klog_prefixes[] = {
	/*
	 * mtk_iommu_isr()'s report in the console's shape (lab_compat.h's
	 * lab_fault_console_text()), after dev_err()'s driver and device
	 */
	{ "mtk-iommu iommu: console: ", "" },
	{ "mtk_iommu_isr: " },	/* its ratelimit's "N callbacks suppressed" */
	{ }
};

struct m4u_piece {
	u64 iova, len;
	struct sim_dma_xlate x;
};

struct m4u_xfer {
	struct m4u_piece *piece;
	size_t count, cap;
};

static void m4u_record(void *ctx, u64 iova, u64 len, const struct sim_dma_xlate *x)
{
	struct m4u_xfer *t = ctx;

	if (t->count < t->cap)
		t->piece[t->count++] = (struct m4u_piece){ .iova = iova, .len = len, .x = *x };
}

/* Whether the bytes of @p may move: memory kernel-lab knows. */
static bool m4u_piece_safe(const struct m4u_piece *p)
{
	switch (p->x.kind) {
	case SIM_XLATE_ABORT:
		return true;
	case SIM_XLATE_FAULT:
		/* the protect buffer, which the driver took for the M4U to hit */
		return true;
	default:
		return lab_dma_holds(p->x.pa, p->len);
	}
}

/*
 * Moves @p's bytes; a read keeps those among the first GRAM_DMA_SHOWN of
 * the access in @shown (@off: the piece's offset in the access).
 */
static void m4u_piece_move(const struct m4u_piece *p, u64 off, bool write, u8 byte,
			   u8 *shown)
{
	u64 i;

	for (i = 0; i < p->len; i++) {
		phys_addr_t pa = p->x.pa + i;
		u8 *mem;

		if (p->x.kind == SIM_XLATE_ABORT) {
			if (!write && off + i < GRAM_DMA_SHOWN)
				shown[off + i] = p->x.fill;
			if (off + i >= GRAM_DMA_SHOWN)
				return;
			continue;
		}
		if (p->x.kind == SIM_XLATE_FAULT)
			pa = p->x.pa + (i % p->x.page_size);
		mem = phys_to_virt(pa);
		if (write)
			*mem = byte;
		else if (off + i < GRAM_DMA_SHOWN)
			shown[off + i] = *mem;
		else
			return;
	}
}

int lab_m4u_dma_rw(struct lab_dev *ldev, const struct gram_dma_args *a, bool write)
{
	struct lab_m4u_model *model = lab_m4u_board_model();
	struct device *dev = ldev->dev;
	struct m4u_xfer t = { };
	struct kmsg_dump_iter iter;
	u8 shown[GRAM_DMA_SHOWN];
	char line[GRAM_DATA_LINE];
	u64 off;
	size_t i;
	u32 id;
	int ret;

	if (!model)
		return lab_err(-ENODEV, "no software M4U: another IOMMU driver has the platform bus");
	ret = lab_m4u_master_port(dev, a->port, &id);
	if (ret == -ENOENT || ret == -ENODEV)
		return lab_err(-ENOENT, GRAM_E_DMA_PORT, ldev->alias, a->port);
	if (ret == 0)
		return lab_err(-EOPNOTSUPP,
			       "device '%s' is wired straight to memory: kernel-lab lets only the M4U's masters do DMA",
			       ldev->alias);

	/* a piece per page at most, and the one the access starts in */
	t.cap = (a->len >> PAGE_SHIFT) + 2;
	t.piece = kvcalloc(t.cap, sizeof(*t.piece), GFP_KERNEL);
	if (!t.piece)
		return lab_err(-ENOMEM, GRAM_E_NOMEM);

	lab_klog_mark(&iter);
	pm_runtime_get_sync(dev);
	ret = lab_m4u_model_access(model, dev_name(dev), id, a->iova, a->len, write,
				   m4u_record, &t);
	pm_runtime_put_sync(dev);
	lab_klog_print(&iter, m4u_klog_prefixes, NULL, NULL);
	if (ret < 0) {
		ret = lab_err(ret, "device '%s' cannot reach iova 0x%llx", ldev->alias,
			      (unsigned long long)a->iova);
		goto out;
	}

	for (i = 0; i < t.count; i++) {
		if (!m4u_piece_safe(&t.piece[i])) {
			ret = lab_err(-EPERM,
				      "device '%s' reached pa 0x%llx at iova 0x%llx, which no mapping holds: kernel-lab moved nothing",
				      ldev->alias, (unsigned long long)t.piece[i].x.pa,
				      (unsigned long long)t.piece[i].iova);
			goto out;
		}
	}
	memset(shown, 0, sizeof(shown));
	for (i = 0, off = 0; i < t.count; off += t.piece[i].len, i++)
		m4u_piece_move(&t.piece[i], off, write, a->byte, shown);

	lab_printf(GRAM_FMT_DMA, write ? "write" : "read", ldev->alias,
		   (unsigned long long)a->iova, (unsigned long long)a->len,
		   ret ? "fault" : "0");
	for (i = 0; i < t.count; i++) {
		const struct m4u_piece *p = &t.piece[i];

		if (p->x.kind == SIM_XLATE_ABORT)
			lab_printf(GRAM_FMT_DMA_ABORT, (unsigned long long)p->iova,
				   (unsigned long long)p->len);
		else
			lab_printf(GRAM_FMT_DMA_PIECE " %s\n", (unsigned long long)p->iova,
				   (unsigned long long)p->x.pa, (unsigned long long)p->len,
				   sim_xlate_kind_name(p->x.kind));
	}
	if (!write) {
		gram_data_line(line, shown, a->len);
		lab_printf("%s", line);
	}
	ret = 0;
out:
	kvfree(t.piece);
	return ret;
}
