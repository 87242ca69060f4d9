/*
 * The core of an mt8173 SMI local arbiter (larb) model: its MMU_EN
 * register, one bit per port, which decides whether the port's accesses
 * go through the M4U (set) or straight to memory untranslated (clear).
 * The bits reset to 0: until a driver sets them, every port bypasses the
 * M4U.  Part of the model's core (sim/m4u-core.h).
 */
#include <linux/kernel.h>
#include <linux/types.h>
#include <trace/events/iommu_lab.h>

#include <sim/m4u-core.h>

u32 smi_larb_reg_read(struct smi_larb_core *larb, u64 offset)
{
	if (offset == SMI_LARB_REG_MMU_EN)
		return larb->mmu_en;
	m4u_guest_error(larb->ops, larb->host, larb->name,
			"read of unknown register at offset 0x%llx",
			(unsigned long long)offset);
	return 0xffffffff;
}

void smi_larb_reg_write(struct smi_larb_core *larb, u64 offset, u64 value)
{
	if (offset == SMI_LARB_REG_MMU_EN) {
		larb->mmu_en = value;
		M4U_TRACE(larb->sim, larb_mmu_en, larb->name, larb->mmu_en);
		return;
	}
	m4u_guest_error(larb->ops, larb->host, larb->name,
			"write of 0x%llx to unknown register at offset 0x%llx",
			(unsigned long long)value, (unsigned long long)offset);
}
