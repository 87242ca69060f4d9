/*
 * Lab 06, the fault handler: mtk_iommu_isr(), the M4U's interrupt
 * handler (drivers/iommu/mtk_iommu.c in Linux 6.1).  The M4U raises its
 * interrupt when a master's access finds no translation; the handler
 * reads what the M4U latched, tells the IOMMU core, prints 6.1's line
 * when nobody took the fault, clears the interrupt and invalidates the
 * TLB.  README.md says what each step is and which helpers to call.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/ratelimit.h>

#include "mtk_iommu.h"

irqreturn_t mtk_iommu_isr(int irq, void *dev_id)
{
	/*
	 * TODO: dev_id is the bank (struct mtk_iommu_bank_data); its base
	 * holds the registers.  Read FAULT_ST1; for an MMU0 fault
	 * (F_REG_MMU0_FAULT_MASK) read MMU0's INT_ID, FAULT_VA and
	 * INVLD_PA, else MMU1's.
	 */

	/*
	 * TODO: FAULT_VA's bit 0 is the layer (level 2), bit 1 the
	 * direction (write).  Mask the IOVA to its page only where the era
	 * did (lab_m4u_fault_va_masked()).  INT_ID holds the larb and the
	 * port (F_MMU_INT_ID_LARB_ID(), F_MMU_INT_ID_PORT_ID()).
	 */

	/*
	 * TODO: report the fault to the bank's domain (report_iommu_fault(),
	 * with the M4U's device and IOMMU_FAULT_READ or IOMMU_FAULT_WRITE);
	 * if there is no domain or the report says nobody handled it,
	 * print, at most ten times in five seconds (__ratelimit() on the
	 * bank's fault_rs): the console's line (lab_fault_console_text())
	 * and then 6.1's (dev_err_fault()).
	 */

	/*
	 * TODO: clear the interrupt (F_INT_CLR_BIT in INT_CONTROL0, keeping
	 * the register's other bits) and invalidate the whole TLB
	 * (mtk_iommu_tlb_flush_all()).
	 */

	return IRQ_NONE;
}
