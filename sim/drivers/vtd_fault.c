/*
 * The unit's fault interrupt (6.1's dmar_set_interrupt(), dmar_fault(),
 * dmar_fault_do_one() and dmar_get_fault_reason() in dmar.c): read each
 * pending fault record from the one FSTS.FRI names, print it, clear it,
 * then clear the overflow.  The lines and the reason strings are 6.1's;
 * one ratelimit state serves the status line and every record, so three
 * tokens go per fault (status, record, and the look at the next record
 * that ends the loop), and the fourth fault in five seconds is cut short.
 *
 * Only the legacy (non-scalable) reasons are decoded: the unit records no
 * PASIDs and does no interrupt remapping, so 6.1's scalable-mode and
 * interrupt-remapping tables have nothing to name.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/ratelimit.h>

#include "vtd.h"

static const char *const vtd_fault_reasons[] = {
	"Software",
	"Present bit in root entry is clear",
	"Present bit in context entry is clear",
	"Invalid context entry",
	"Access beyond MGAW",
	"PTE Write access is not set",
	"PTE Read access is not set",
	"Next page table ptr is invalid",
	"Root table address invalid",
	"Context table ptr is invalid",
	"non-zero reserved fields in RTP",
	"non-zero reserved fields in CTP",
	"non-zero reserved fields in PTE",
	"PCE for translation request specifies blocking",
};

static const char *vtd_fault_reason(u8 reason)
{
	return reason < ARRAY_SIZE(vtd_fault_reasons) ? vtd_fault_reasons[reason] : "Unknown";
}

static void vtd_fault_do_one(struct vtd_iommu *vtd, bool read, u8 reason, u16 sid,
			     u64 addr)
{
	pr_err_fault("DMAR: [%s NO_PASID] Request device [%02x:%02x.%d] fault addr 0x%llx [fault reason 0x%02x] %s",
		     read ? "DMA Read" : "DMA Write", sid >> 8, PCI_SLOT(sid & 0xff),
		     PCI_FUNC(sid & 0xff), (unsigned long long)addr, reason,
		     vtd_fault_reason(reason));
}

/* 6.1's dmar_fault(), whose name its ratelimit messages carry. */
static irqreturn_t dmar_fault(int irq, void *dev_id)
{
	struct vtd_iommu *vtd = dev_id;
	void __iomem *frcd = vtd->reg + cap_fault_reg_offset(vtd->cap);
	u32 status = readl(vtd->reg + DMAR_FSTS_REG);
	unsigned int index;

	(void)irq;
	if (status && __ratelimit(&vtd->fault_rs))
		vtd_pr(vtd, "DRHD: handling fault status reg %x", status);
	if (!(status & DMA_FSTS_PPF))
		return IRQ_HANDLED;

	index = dma_fsts_fault_record_index(status);
	for (;;) {
		/* Ratelimited: cleared without a word. */
		bool quiet = !__ratelimit(&vtd->fault_rs);
		void __iomem *rec = frcd + index * VTD_FRCD_LEN;
		u32 hi = readl(rec + 12);

		if (!(hi & DMA_FRCD_F))
			break;
		if (!quiet)
			vtd_fault_do_one(vtd, dma_frcd_type(hi), dma_frcd_fault_reason(hi),
					 dma_frcd_source_id(readl(rec + 8)),
					 dma_frcd_page_addr(readq(rec)));
		writel(DMA_FRCD_F, rec + 12);
		if (++index >= cap_num_fault_regs(vtd->cap))
			index = 0;
	}
	writel(DMA_FSTS_PFO | DMA_FSTS_PPF | DMA_FSTS_PRO, vtd->reg + DMAR_FSTS_REG);
	return IRQ_HANDLED;
}

int vtd_fault_irq_init(struct vtd_iommu *vtd)
{
	int ret;

	vtd->irq = platform_get_irq(to_platform_device(vtd->dev), 0);
	if (vtd->irq < 0)
		return vtd->irq;
	ratelimit_state_init(&vtd->fault_rs, DEFAULT_RATELIMIT_INTERVAL,
			     DEFAULT_RATELIMIT_BURST);
	ret = devm_request_irq(vtd->dev, vtd->irq, dmar_fault, 0,
			       dev_name(vtd->dev), vtd);
	if (ret)
		return ret;
	/* The unit resets with the event masked; unmasking is dmar_msi_unmask(). */
	writel(0, vtd->reg + DMAR_FECTL_REG);
	return 0;
}
