/*
 * Mutant: the interrupt never cleared.  The handler reads, reports and
 * invalidates, but does not write F_INT_CLR_BIT: the M4U's level line
 * stays high and the fault latched, so the handler runs again at once,
 * for ever on 6.1 (it says IRQ_HANDLED each time, so the kernel's
 * spurious-interrupt accounting never steps in); the simulator stops the
 * storm after 1000 runs and disables the line, and later faults are
 * never reported.  Plausible: "the hardware clears it when read".
 * Fails: fault-line decode report cleared era larbs ratelimit flush handler twice
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/ratelimit.h>

#include "mtk_iommu.h"

irqreturn_t mtk_iommu_isr(int irq, void *dev_id)
{
	struct mtk_iommu_bank_data *bank = dev_id;
	struct mtk_iommu_data *data = bank->parent_data;
	struct mtk_iommu_domain *dom = bank->m4u_dom;
	u32 int_state, regval, fault_iova, fault_pa;
	unsigned int fault_larb, fault_port;
	void __iomem *base = bank->base;
	bool layer, write;

	/* Read error info from registers */
	int_state = readl_relaxed(base + REG_MMU_FAULT_ST1);
	if (int_state & F_REG_MMU0_FAULT_MASK) {
		regval = readl_relaxed(base + REG_MMU0_INT_ID);
		fault_iova = readl_relaxed(base + REG_MMU0_FAULT_VA);
		fault_pa = readl_relaxed(base + REG_MMU0_INVLD_PA);
	} else {
		regval = readl_relaxed(base + REG_MMU1_INT_ID);
		fault_iova = readl_relaxed(base + REG_MMU1_FAULT_VA);
		fault_pa = readl_relaxed(base + REG_MMU1_INVLD_PA);
	}
	layer = fault_iova & F_MMU_FAULT_VA_LAYER_BIT;
	write = fault_iova & F_MMU_FAULT_VA_WRITE_BIT;
	if (lab_m4u_fault_va_masked(data->dev))
		fault_iova &= F_MMU_FAULT_VA_MSK;
	/* mt8173's larb ids need no remapping */
	fault_larb = F_MMU_INT_ID_LARB_ID(regval);
	fault_port = F_MMU_INT_ID_PORT_ID(regval);

	if (!dom || report_iommu_fault(&dom->domain, bank->parent_dev, fault_iova,
				       write ? IOMMU_FAULT_WRITE : IOMMU_FAULT_READ)) {
		if (__ratelimit(&bank->fault_rs)) {
			lab_fault_console_text(bank->parent_dev,
					       "mtk-iommu: fault type=0x%x iova=0x%x pa=0x%x larb=%u port=%u layer=%d %s",
					       int_state, fault_iova, fault_pa, fault_larb,
					       fault_port, layer, write ? "write" : "read");
			dev_err_fault(bank->parent_dev,
				      "fault type=0x%x iova=0x%llx pa=0x%llx master=0x%x(larb=%d port=%d) layer=%d %s\n",
				      int_state, (unsigned long long)fault_iova,
				      (unsigned long long)fault_pa, regval, fault_larb,
				      fault_port, layer, write ? "write" : "read");
		}
	}

	mtk_iommu_tlb_flush_all(data);

	return IRQ_HANDLED;
}
