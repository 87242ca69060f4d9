/*
 * An SMI local arbiter (larb) of mt8173: it funnels its ports' accesses
 * to the M4U, or, for a port whose bit in MMU_EN is clear, straight to
 * memory untranslated.  The bits reset to 0: until a driver sets them,
 * every port bypasses the M4U.
 */
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/io.h>
#include <sim/m4u.h>
#include <sim/sim.h>

struct smi_larb {
	struct sim_hw *hw;
	struct sim_mmio_region mmio;
	u32 mmu_en;		/* bit N: port N goes through the M4U */
};

static u64 smi_larb_read(void *opaque, u64 offset, unsigned int size)
{
	struct smi_larb *larb = opaque;

	if (offset == SMI_LARB_REG_MMU_EN)
		return larb->mmu_en;
	sim_guest_error(larb->hw->sim, larb->hw->name,
			"read of unknown register at offset 0x%llx",
			(unsigned long long)offset);
	return (1ULL << (size * 8)) - 1;
}

static void smi_larb_write(void *opaque, u64 offset, u64 value, unsigned int size)
{
	struct smi_larb *larb = opaque;

	(void)size;
	if (offset == SMI_LARB_REG_MMU_EN) {
		larb->mmu_en = value;
		trace_larb_mmu_en(larb->hw->sim, larb->hw->name, larb->mmu_en);
		return;
	}
	sim_guest_error(larb->hw->sim, larb->hw->name,
			"write of 0x%llx to unknown register at offset 0x%llx",
			(unsigned long long)value, (unsigned long long)offset);
}

static const struct sim_mmio_ops smi_larb_mmio_ops = {
	.read = smi_larb_read,
	.write = smi_larb_write,
	.access_sizes = SIM_MMIO_32,
};

static int smi_larb_create(struct sim_hw *hw)
{
	struct smi_larb *larb;
	u64 base, size;
	int ret;

	if (of_reg_read(hw->np, 0, &base, &size))
		return -EINVAL;
	larb = calloc(1, sizeof(*larb));
	if (!larb)
		return -ENOMEM;
	larb->hw = hw;
	larb->mmio = (struct sim_mmio_region) {
		.name = hw->name, .base = base, .size = size,
		.ops = &smi_larb_mmio_ops, .opaque = larb,
	};
	ret = sim_mmio_add(hw->sim, &larb->mmio);
	if (ret) {
		free(larb);
		return ret;
	}
	hw->priv = larb;
	return 0;
}

static void smi_larb_destroy(struct sim_hw *hw)
{
	struct smi_larb *larb = hw->priv;

	sim_mmio_del(&larb->mmio);
	free(larb);
}

u32 sim_smi_larb_mmu_en(struct sim_hw *hw)
{
	struct smi_larb *larb = hw->priv;

	return larb->mmu_en;
}

const struct sim_hw_type sim_smi_larb_hw_type = {
	.compatible = "mediatek,mt8173-smi-larb",
	.create = smi_larb_create,
	.destroy = smi_larb_destroy,
};
